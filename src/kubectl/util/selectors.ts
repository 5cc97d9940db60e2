// -l and --field-selector parsed, with kubectl's words for a selector it cannot read.
import {
  type FieldRequirement,
  FieldSelectorParseError,
  parseFieldSelector,
} from "../../apiserver/fields.js";
import { parseSelector, type Selector, SelectorParseError } from "../../apiserver/labels.js";
import { CliError } from "../io.js";

export function parseLabelSelector(s: string | undefined): Selector | undefined {
  if (s === undefined) return undefined;
  try {
    return parseSelector(s);
  } catch (e) {
    if (e instanceof SelectorParseError)
      throw new CliError(`error: unable to parse requirement: ${e.message}`);
    throw e;
  }
}

export function parseFields(s: string | undefined): FieldRequirement[] {
  try {
    return parseFieldSelector(s ?? "");
  } catch (e) {
    if (e instanceof FieldSelectorParseError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
}
