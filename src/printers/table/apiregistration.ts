// The get columns of an APIService (the aggregator's printAPIService): its backing Service
// (or Local) and whether it is Available, with the reason when it is not.
import { APISERVICES } from "../../apiserver/resources.js";
import { ageCol, type TableDef, table } from "./def.js";

export const APIREGISTRATION_TABLES: Record<string, TableDef> = {
  APIService: table(APISERVICES, {
    columns: [{ name: "NAME" }, { name: "SERVICE" }, { name: "AVAILABLE" }, { name: "AGE" }],
    row: (a, ctx) => {
      const svc = a.spec?.service;
      const cond = a.status?.conditions?.find((c) => c.type === "Available");
      let available = "Unknown";
      if (cond) available = cond.status === "True" ? "True" : `${cond.status} (${cond.reason ?? ""})`;
      return [a.metadata.name, svc ? `${svc.namespace}/${svc.name}` : "Local", available, ageCol(a, ctx)];
    },
  }),
};
