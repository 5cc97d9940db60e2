// The container runtime, as the CLI loads it. The core bundle (scripts/build.mjs) replaces
// this module with a stub that asks for the full bundle, which has the shell and the network
// tools a process needs: commands that find no process due never load them.
export { processRunner } from "./containerd.js";
