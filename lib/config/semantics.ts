import { EMULATE } from "./runners";
import { isEmulated, runnerArch } from "../workflows/runner-arch";
import { ROLE_GRANTS } from "../access/roles";
import { compileTagScheme } from "../channels/model";
import { CHANNELS } from "../channels/channel";
import { pinProblem } from "../pins/shape";
import { tagSchemeSchema } from "./schema";
import { configPath, type ConfigProblem } from "./problems";

/*
 * Checks that span entries or keys. They read the raw values defensively, so
 * they still run (and report) when other parts of the config are malformed.
 */

type Raw = Readonly<Record<string, unknown>>;

function records(value: unknown): (Record<string, unknown> | undefined)[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined,
  );
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Flags every entry whose `field` repeats an earlier entry's (compared by `normalize`). */
function duplicates(
  key: string,
  items: (Record<string, unknown> | undefined)[],
  field: string,
  what: string,
  fix: string,
  normalize = (s: string) => s,
): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, i) => {
    const value = str(item?.[field]);
    if (value === undefined) return;
    const norm = normalize(value);
    const seen = first.get(norm);
    if (seen === undefined) {
      first.set(norm, i);
    } else {
      problems.push({
        path: configPath(key, [i, field]),
        message: `${what} ${JSON.stringify(value)} is already listed at ${key}[${seen}]; ${fix}`,
      });
    }
  });
  return problems;
}

function imageReferences(raw: Raw): ConfigProblem[] {
  const images = records(raw.images);
  const names = images.map((i) => str(i?.name)).filter((n): n is string => n !== undefined);
  const channels = raw.channels;
  if (typeof channels !== "object" || channels === null || names.length === 0) return [];
  const problems: ConfigProblem[] = [];
  for (const [channel, settings] of Object.entries(channels as Record<string, unknown>)) {
    if (typeof settings !== "object" || settings === null) continue;
    const refs = (settings as Record<string, unknown>).images;
    if (!Array.isArray(refs)) continue;
    refs.forEach((ref: unknown, i) => {
      if (typeof ref === "string" && !names.includes(ref)) {
        problems.push({
          path: configPath("channels", [channel, "images", i]),
          message: `${JSON.stringify(ref)} is not an image of this stack; use one of ${names.join(", ")} (release-infra:images[].name)`,
        });
      }
    });
  }
  return problems;
}

function adminRails(raw: Raw): ConfigProblem[] {
  const people = records(raw.people);
  if (people.length === 0) return [];
  const problems: ConfigProblem[] = [];
  const admins = people.filter((p) => p?.role === "admin").map((p) => str(p?.github) ?? "?");
  const safety = raw.safety as Record<string, unknown> | undefined;
  const minAdmins = typeof safety?.minAdmins === "number" && safety.minAdmins >= 2 ? safety.minAdmins : 2;
  if (admins.length < minAdmins) {
    problems.push({
      path: configPath("people"),
      message: `${admins.length} admin${admins.length === 1 ? "" : "s"} (${admins.join(", ") || "none"}); at least ${minAdmins} are required so the organization never depends on one person; give another person role: admin`,
    });
  }
  const github = raw.github as Record<string, unknown> | undefined;
  const deployer = str(github?.deployer);
  if (deployer !== undefined) {
    const entry = people.find((p) => str(p?.github)?.toLowerCase() === deployer.toLowerCase());
    if (entry === undefined) {
      problems.push({
        path: configPath("github", ["deployer"]),
        message: `${JSON.stringify(deployer)} is not in release-infra:people; the identity that runs pulumi up must stay an admin, so add it with role: admin (or name another admin as deployer)`,
      });
    } else if (entry.role !== "admin" && typeof entry.role === "string" && entry.role in ROLE_GRANTS) {
      problems.push({
        path: configPath("github", ["deployer"]),
        message: `${JSON.stringify(deployer)} has role ${entry.role}; the identity that runs pulumi up must stay an admin, or the next run could lock itself out: give it role: admin`,
      });
    }
  }
  return problems;
}

function branches(raw: Raw): ConfigProblem[] {
  const github = raw.github as Record<string, unknown> | undefined;
  const dev = str(github?.devBranch) ?? "dev";
  const main = str(github?.defaultBranch) ?? "main";
  // Nightlies and betas would then publish from the branch stable releases are cut from.
  return dev === main
    ? [
        {
          path: configPath("github", ["devBranch"]),
          message: `is the default branch "${main}"; nightlies and betas need a branch of their own, e.g. "dev"`,
        },
      ]
    : [];
}

function orgOwners(raw: Raw): ConfigProblem[] {
  const github = raw.github as Record<string, unknown> | undefined;
  // Owners are granted through memberships: without them the switch would do nothing, silently.
  return github?.adminsAreOrgOwners === true && (github.orgMembership ?? "unmanaged") === "unmanaged"
    ? [
        {
          path: configPath("github", ["adminsAreOrgOwners"]),
          message:
            'makes admins organization owners, but github.orgMembership is "unmanaged", so no membership is managed; set github.orgMembership: managed, or remove adminsAreOrgOwners',
        },
      ]
    : [];
}

/** Every cross-entry and cross-key problem in the raw config. */
export function semanticProblems(raw: Raw): ConfigProblem[] {
  const people = records(raw.people);
  return [
    // GitHub logins are case-insensitive.
    ...duplicates(
      "people",
      people,
      "github",
      "GitHub login",
      "list each person once and change their role there",
      (s) => s.toLowerCase(),
    ),
    ...duplicates("people", people, "dockerhub", "Docker ID", "each person needs their own Docker ID"),
    ...duplicates("images", records(raw.images), "name", "image", "give each image a unique name"),
    ...imageReferences(raw),
    ...adminRails(raw),
    ...pinShapes(raw),
    ...jobIdCollisions(raw),
    ...ecrNameLengths(raw),
    ...ecrSettings(raw),
    ...duplicatePlatforms(raw),
    ...platformRunnerArchitectures(raw),
    ...branches(raw),
    ...orgOwners(raw),
  ];
}

/** Each channel's pin, judged by the stack's tag scheme (when the scheme itself is valid). */
function pinShapes(raw: Raw): ConfigProblem[] {
  const scheme = tagSchemeSchema.safeParse(raw.tagScheme ?? {});
  if (!scheme.success) return [];
  const model = compileTagScheme(scheme.data);
  const channels = raw.channels;
  if (typeof channels !== "object" || channels === null) return [];
  const problems: ConfigProblem[] = [];
  for (const channel of CHANNELS) {
    const settings = (channels as Record<string, unknown>)[channel];
    if (typeof settings !== "object" || settings === null) continue;
    const value = (settings as Record<string, unknown>).pin;
    if (typeof value !== "string") continue;
    const problem = pinProblem(model, channel, value);
    if (problem !== undefined) problems.push({ path: configPath("channels", [channel, "pin"]), message: problem });
  }
  return problems;
}

/** Image names whose workflow job ids (`.` turned into `_`) would collide. */
function jobIdCollisions(raw: Raw): ConfigProblem[] {
  const seen = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  records(raw.images).forEach((image, i) => {
    const name = str(image?.name);
    if (name === undefined) return;
    const id = name.replaceAll(".", "_");
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
    } else if (str(records(raw.images)[first]?.name) !== name) {
      problems.push({
        path: configPath("images", [i, "name"]),
        message: `${JSON.stringify(name)} differs from images[${String(first)}].name only by "." and "_", so their workflow jobs would share an id; rename one`,
      });
    }
  });
  return problems;
}

// ECR repository names are at most 256 characters
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html).
const ECR_NAME_MAX = 256;

/** The longest ECR repository of each image (`<project>/nightly/<image>`) within ECR's limit. */
function ecrNameLengths(raw: Raw): ConfigProblem[] {
  const project = str((raw.project as Record<string, unknown> | undefined)?.name);
  if (project === undefined) return [];
  const problems: ConfigProblem[] = [];
  records(raw.images).forEach((image, i) => {
    const name = str(image?.name);
    if (name === undefined) return;
    const longest = `${project}/nightly/${name}`;
    if (longest.length > ECR_NAME_MAX) {
      problems.push({
        path: configPath("images", [i, "name"]),
        message: `makes the ECR repository ${longest.slice(0, 40)}... of ${String(longest.length)} characters; ECR allows ${String(ECR_NAME_MAX)}: shorten the image or project name`,
      });
    }
  });
  return problems;
}

/** Settings of the ECR registry that contradict each other. */
function ecrSettings(raw: Raw): ConfigProblem[] {
  const ecr = (raw.registries as Record<string, unknown> | undefined)?.ecr as Record<string, unknown> | undefined;
  if (typeof ecr !== "object") return [];
  const problems: ConfigProblem[] = [];
  const account = str(ecr.accountId);
  const region = str(ecr.region);
  const oidc = str(ecr.oidcProviderArn);
  const oidcAccount = oidc === undefined ? undefined : /^arn:[^:]+:iam::(\d{12}):/.exec(oidc)?.[1];
  if (account !== undefined && oidcAccount !== undefined && oidcAccount !== account) {
    problems.push({
      path: configPath("registries", ["ecr", "oidcProviderArn"]),
      message: `is in account ${oidcAccount}, but the registry and its CI roles are in ${account}; roles trust only a provider of their own account: use arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
    });
  }
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  list(ecr.replicationRegions).forEach((r, i, all) => {
    if (r === region) {
      problems.push({
        path: configPath("registries", ["ecr", "replicationRegions", i]),
        message: `${JSON.stringify(r)} is the registry's own region; replicate only to other regions`,
      });
    } else if (all.indexOf(r) !== i) {
      problems.push({
        path: configPath("registries", ["ecr", "replicationRegions", i]),
        message: `${JSON.stringify(r)} is listed twice; list each region once`,
      });
    }
  });
  list(ecr.pullAccounts).forEach((a, i, all) => {
    if (all.indexOf(a) !== i) {
      problems.push({
        path: configPath("registries", ["ecr", "pullAccounts", i]),
        message: `${JSON.stringify(a)} is listed twice; list each account once`,
      });
    }
  });
  return problems;
}

/** Platforms listed twice in one image. */
function duplicatePlatforms(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  records(raw.images).forEach((image, i) => {
    const platforms = image?.platforms;
    if (!Array.isArray(platforms)) return;
    platforms.forEach((p: unknown, j) => {
      if (platforms.indexOf(p) !== j) {
        problems.push({
          path: configPath("images", [i, "platforms", j]),
          message: `${JSON.stringify(p)} is listed twice; list each platform once`,
        });
      }
    });
  });
  return problems;
}

/**
 * A platform's native runner must be of the platform's architecture: no QEMU
 * is set up there, so an x64 label for linux/arm64 fails the build (exec
 * format error). Labels whose architecture cannot be read are taken as given.
 */
function platformRunnerArchitectures(raw: Raw): ConfigProblem[] {
  const runners = records([raw.workflows])[0]?.platformRunners;
  if (runners === null || typeof runners !== "object" || Array.isArray(runners)) return [];
  return Object.entries(runners as Record<string, unknown>).flatMap(([platform, label]): ConfigProblem[] => {
    if (typeof label !== "string" || label === EMULATE) return [];
    const arch = runnerArch([label]);
    if (arch === "unknown" || !isEmulated(platform, arch, false)) return [];
    return [
      {
        path: configPath("workflows", ["platformRunners", platform]),
        message: `${JSON.stringify(label)} is ${arch === "amd64" ? "an x64 (amd64)" : "an arm64"} runner, which cannot build ${platform} without QEMU; name a ${platform} runner, or "${EMULATE}" to build it on workflows.runner under QEMU`,
      },
    ];
  });
}
