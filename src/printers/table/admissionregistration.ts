// The get columns of webhook configurations (printValidatingWebhookConfiguration and
// printMutatingWebhookConfiguration): the name, how many webhooks it holds, and its age.
import { MUTATING_WEBHOOKS, VALIDATING_WEBHOOKS } from "../../apiserver/resources.js";
import { ageCol, type TableDef, table } from "./def.js";

const columns = [{ name: "NAME" }, { name: "WEBHOOKS" }, { name: "AGE" }];

export const ADMISSIONREGISTRATION_TABLES: Record<string, TableDef> = {
  ValidatingWebhookConfiguration: table(VALIDATING_WEBHOOKS, {
    columns,
    row: (c, ctx) => [c.metadata.name, String(c.webhooks?.length ?? 0), ageCol(c, ctx)],
  }),
  MutatingWebhookConfiguration: table(MUTATING_WEBHOOKS, {
    columns,
    row: (c, ctx) => [c.metadata.name, String(c.webhooks?.length ?? 0), ageCol(c, ctx)],
  }),
};
