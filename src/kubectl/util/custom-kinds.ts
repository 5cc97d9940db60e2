// kubectl resolves resource names (`ct`, `crontabs.stable.example.com`) before a verb
// opens its session, as real kubectl asks discovery first. The custom kinds come from the
// stored CRDs of the cluster the command will run against, read without the lock and only
// when a name misses the built-in table; the session's API server replaces this source
// with its own live one once it opens.
import type { Command } from "commander";
import type { CustomResourceDefinition } from "../../api/types.js";
import { servedType } from "../../apiserver/crd/served.js";
import { CRDS, type ResourceType, serveCustomResources } from "../../apiserver/resources.js";
import { BUCKETS } from "../../apiserver/storage.js";
import type { StoreFs } from "../../store/fsio.js";
import { Store } from "../../store/store.js";
import { currentCluster } from "./current-cluster.js";

export function serveStoredCustomResources(cmd: Command, env: NodeJS.ProcessEnv, fs?: StoreFs): void {
  const opts = cmd.opts<{ context?: string; cluster?: string }>();
  serveCustomResources(() => {
    try {
      const store = new Store(env, BUCKETS, { fs });
      const name = opts.cluster || opts.context || env.KUBESIM_CLUSTER || currentCluster(store);
      if (!store.exists(name)) return [];
      const crds = store.read(name).objects.bucket(CRDS.plural).all() as CustomResourceDefinition[];
      return crds.flatMap((crd): ResourceType[] => {
        const r = crd.metadata.deletionTimestamp ? undefined : servedType(crd);
        return r ? [r] : [];
      });
    } catch {
      // A missing or damaged cluster is reported by the session, in its own words.
      return [];
    }
  });
}
