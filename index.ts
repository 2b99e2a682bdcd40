// The release-infra program. Everything it decides lives in lib/; see README.md.
import { releaseProgram } from "./components/program";

export = releaseProgram;
