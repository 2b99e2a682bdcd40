/**
 * Docker Hub as code: dynamic resources for repositories, teams, team members
 * and repository team permissions. The API client is in ./client.
 */
export { Repository, RepositoryTeamPermission, Team, TeamMembers } from "./resources";
export type { RepositoryArgs, RepositoryTeamPermissionArgs, TeamArgs, TeamMembersArgs } from "./resources";
export { repositoryProvider, teamMembersProvider, teamPermissionProvider, teamProvider } from "./provider";
