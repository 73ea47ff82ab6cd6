import type { Env, EnvSpecInfo, ResetOptions, ResetResult, StepResult } from '../env.js';
import type { Space } from '../spaces/space.js';

/**
 * Base class of wrappers: forwards everything to the wrapped `env`. Subclasses override
 * `reset`/`step` (and the spaces when they change them), like Gymnasium's `Wrapper`.
 */
export class Wrapper<O, A, WO = O, WA = A> implements Env<WO, WA> {
  private ownSpec: EnvSpecInfo | undefined;

  constructor(readonly env: Env<O, A>) {}

  get observationSpace(): Space<WO> {
    return this.env.observationSpace as unknown as Space<WO>;
  }

  get actionSpace(): Space<WA> {
    return this.env.actionSpace as unknown as Space<WA>;
  }

  get spec(): EnvSpecInfo | undefined {
    return this.ownSpec ?? this.env.spec;
  }

  set spec(value: EnvSpecInfo | undefined) {
    this.ownSpec = value;
  }

  get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped ?? (this.env);
  }

  reset(options?: ResetOptions): ResetResult<WO> {
    return this.env.reset(options) as unknown as ResetResult<WO>;
  }

  step(action: WA): StepResult<WO> {
    return this.env.step(action as unknown as A) as unknown as StepResult<WO>;
  }

  close(): void {
    this.env.close?.();
  }

  toString(): string {
    const inner = this.env as { toString?: () => string };
    return `<${this.constructor.name}${inner.toString ? inner.toString() : 'Env'}>`;
  }
}

/** The outermost wrapper of class `W` around `env`, if any. */
export function findWrapper<W>(env: Env<unknown, unknown>, ctor: abstract new (...args: never[]) => W): W | undefined {
  let current: unknown = env;
  while (current instanceof Wrapper) {
    if (current instanceof ctor) return current as W;
    current = (current as Wrapper<unknown, unknown>).env;
  }
  return current instanceof ctor ? (current) : undefined;
}
