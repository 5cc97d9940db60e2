import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";
import { goQuantity } from "./validation/policy.js";

const obj = (kind: string, spec: object): KObject =>
  ({ apiVersion: "v1", kind, metadata: { name: "x", namespace: "default" }, spec }) as KObject;
const messages = (o: KObject) => validate(admit(o)).map(formatFieldError);

describe("LimitRange and ResourceQuota admission", () => {
  it("defaults a Container item's default limit from max and its default request from it", () => {
    const lr = admit(
      obj("LimitRange", { limits: [{ type: "Container", max: { cpu: "1" }, min: { memory: 0.5 } }] }),
    );
    expect(lr.spec.limits[0]).toEqual({
      type: "Container",
      max: { cpu: "1" },
      min: { memory: "500m" },
      default: { cpu: "1" },
      defaultRequest: { cpu: "1", memory: "500m" },
    });
  });

  it("refuses bounds that contradict each other, with the Quantity as Go prints it", () => {
    expect(
      messages(
        obj("LimitRange", {
          limits: [{ type: "Pod", min: { cpu: "2" }, max: { cpu: "1" }, default: { cpu: "1" } }],
        }),
      ),
    ).toEqual([
      "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
      'spec.limits[0].min[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2", Format:"DecimalSI"}: min value 2 is greater than max value 1',
    ]);
  });

  it("renders quantities as ParseQuantity leaves them", () => {
    expect(goQuantity("100m").text).toContain(
      'int64Amount{value:100, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"100m"',
    );
    expect(goQuantity("512Mi").text).toContain(
      'value:536870912, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:""',
    );
    expect(goQuantity("0.5").text).toContain(
      'value:5, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:""',
    );
  });

  it("checks a quota's resource names, integers and scopes", () => {
    expect(
      messages(obj("ResourceQuota", { hard: { pods: "1.5", foo: "1", cpu: "-1" }, scopes: ["BestEffort"] })),
    ).toEqual([
      'spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
      'spec.hard[pods]: Invalid value: "1500m": must be an integer',
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource',
    ]);
  });
});
