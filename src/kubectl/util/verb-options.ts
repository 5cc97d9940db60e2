// kubectl's command shape (pkg/cmd/get/get.go and its kin): an options object that
// complete fills from the flags, the arguments and the context, validate checks for
// combinations kubectl refuses, and run carries out. Keeping the steps apart keeps the
// defaulting out of the work, and running them in this order keeps kubectl's order of
// errors: a missing argument before a bad flag value before anything the server says.
export interface VerbOptions<A extends unknown[]> {
  complete(...args: A): void | Promise<void>;
  validate(): void;
  run(): void | Promise<void>;
}

/** Complete, validate, run: what each of kubectl's cobra Run functions does. */
export async function runVerb<A extends unknown[]>(o: VerbOptions<A>, ...args: A): Promise<void> {
  await o.complete(...args);
  o.validate();
  await o.run();
}
