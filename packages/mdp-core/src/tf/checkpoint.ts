/**
 * Checkpoint I/O for named tensors (model variables) and optimiser state, Node only.
 *
 * A checkpoint `<name>` in `dir` is two files:
 * - `<name>.json`, the manifest: format and version, then for each tensor its name, dtype,
 *   shape, byte offset and byte length in the data file, the data file's size and SHA-256,
 *   and the caller's JSON `meta`;
 * - `<name>.bin`, the tensors' raw values, little-endian, each starting at a multiple of 8 bytes.
 *
 * Writes are atomic per file: each file is written and flushed under a temporary name in the
 * same directory and then renamed over the old one, so a failed save leaves any previous
 * checkpoint untouched and no temporary file behind. The data file is renamed before the
 * manifest; should the process die between the two renames, the old manifest no longer
 * matches the new data's SHA-256 and `loadTensors` reports the checkpoint as corrupt rather
 * than returning mixed values.
 *
 * `node:` modules are imported lazily, so importing `@bellman/mdp-core/tf` in a browser bundle
 * works; only calling these functions needs Node.
 */
import type * as FsPromises from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { BellmanError, InvalidArgumentError, describeValue } from '../errors.js';

/** A checkpoint could not be written or read: missing file, corrupt data, or a mismatch with what it is loaded into. */
export class CheckpointError extends BellmanError {
  override name = 'CheckpointError';
  constructor(
    message: string,
    /** The file concerned, when there is one. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** Dtypes a checkpoint can hold. */
export type CheckpointDtype = 'float32' | 'int32' | 'bool';

/** One tensor's entry in the manifest. */
export interface ManifestEntry {
  name: string;
  dtype: CheckpointDtype;
  shape: number[];
  /** Byte offset in `<name>.bin` (a multiple of 8). */
  offset: number;
  /** Number of bytes: size × 4 for float32/int32, size × 1 for bool. */
  byteLength: number;
}

/** The content of `<name>.json`. */
export interface CheckpointManifest {
  format: typeof FORMAT;
  version: typeof VERSION;
  byteOrder: 'little-endian';
  /** File name of the data file, relative to the manifest. */
  dataFile: string;
  /** Exact size of the data file in bytes. */
  byteLength: number;
  /** Hex SHA-256 of the data file. */
  sha256: string;
  tensors: ManifestEntry[];
  meta?: unknown;
}

/** What `loadTensors` returns. */
export interface LoadedTensors<M = unknown> {
  /** The tensors in the order they were saved; the caller owns (and disposes) them. */
  tensors: Record<string, tf.Tensor>;
  /** The `meta` given to `saveTensors`, or `undefined`. Not validated: the type parameter is trusted. */
  meta: M | undefined;
  manifest: CheckpointManifest;
}

const FORMAT = 'bellman-tensors';
const VERSION = 1;
const ALIGN = 8;
const BYTES_PER_ELEMENT: Record<CheckpointDtype, number> = { float32: 4, int32: 4, bool: 1 };
const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

async function node() {
  const [fs, path, crypto] = await Promise.all([import('node:fs/promises'), import('node:path'), import('node:crypto')]);
  return { fs, path, crypto };
}

function checkCheckpointName(name: string): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new InvalidArgumentError(
      'checkpoint name',
      'a file name of 1–200 characters from A–Z a–z 0–9 . _ - not starting with . or -',
      name,
    );
  }
}

function checkDir(dir: string): void {
  if (typeof dir !== 'string' || dir.length === 0) throw new InvalidArgumentError('dir', 'a non-empty path', dir);
}

function isSupportedDtype(dtype: unknown): dtype is CheckpointDtype {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

/**
 * Throws `InvalidArgumentError` unless `value` is plain JSON (null, booleans, finite numbers,
 * strings, arrays and plain objects, no cycles), so that the manifest reads back exactly what
 * was written: `JSON.stringify` would silently drop `undefined` and functions and turn `NaN` into `null`.
 */
function assertJson(value: unknown, path: string, seen: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidArgumentError(path, 'JSON: a finite number', value);
    return;
  }
  if (typeof value !== 'object') {
    throw new InvalidArgumentError(path, 'JSON (null, boolean, finite number, string, array or plain object)', value);
  }
  if (seen.has(value)) throw new InvalidArgumentError(path, 'JSON without cycles', '[circular reference]');
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    throw new InvalidArgumentError(path, 'JSON: a plain object', value);
  }
  seen.add(value);
  if (Array.isArray(value)) value.forEach((v, i) => assertJson(v, `${path}[${i}]`, seen));
  else for (const [k, v] of Object.entries(value)) assertJson(v, `${path}.${k}`, seen);
  seen.delete(value);
}

/** Bytes of `data` in little-endian order (a view when the host is little-endian, else a swapped copy). */
function littleEndianBytes(data: Float32Array | Int32Array | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_IS_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  return swapBytes(bytes, data.BYTES_PER_ELEMENT);
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b]!;
  return out;
}

function padTo(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** A unique temporary file name beside `finalName` (hidden, so directory listings stay clean). */
function tempName(finalName: string, token: string): string {
  return `.${finalName}.${token}.tmp`;
}

/**
 * Writes `record` (tensor name → tensor) and optional JSON `meta` as checkpoint `name` in `dir`
 * (`<name>.json` + `<name>.bin`, see the module comment), creating `dir` if needed and
 * replacing a previous checkpoint of that name atomically. Tensors are read, not disposed.
 *
 * @throws InvalidArgumentError for a bad name, a disposed tensor, an unsupported dtype
 * (string, complex64) or a `meta` that is not plain JSON — in every case before any existing file changes.
 */
export async function saveTensors(dir: string, name: string, record: Record<string, tf.Tensor>, meta?: unknown): Promise<void> {
  checkDir(dir);
  checkCheckpointName(name);
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InvalidArgumentError('record', 'an object mapping tensor names to tensors', record);
  }
  const names = Object.keys(record);
  for (const key of names) {
    const t = record[key];
    if (!(t instanceof tf.Tensor)) throw new InvalidArgumentError(`record[${JSON.stringify(key)}]`, 'a tf.Tensor', t);
    if (t.isDisposed) throw new InvalidArgumentError(`record[${JSON.stringify(key)}]`, 'a tensor that is not disposed', '[disposed tensor]');
    if (!isSupportedDtype(t.dtype)) {
      throw new InvalidArgumentError(`record[${JSON.stringify(key)}].dtype`, 'float32, int32 or bool', t.dtype);
    }
  }
  const { fs, path, crypto } = await node();
  // Read every value before touching the disk.
  const tensors = names.map((key) => record[key]!);
  const values = await Promise.all(tensors.map((t) => t.data<'float32' | 'int32' | 'bool'>()));

  await fs.mkdir(dir, { recursive: true });
  const binName = `${name}.bin`;
  const jsonName = `${name}.json`;
  const token = `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
  const binTmp = path.join(dir, tempName(binName, token));
  const jsonTmp = path.join(dir, tempName(jsonName, token));
  const pendingTemps = new Set<string>();
  try {
    // 1. Data file.
    const hash = crypto.createHash('sha256');
    const entries: ManifestEntry[] = [];
    pendingTemps.add(binTmp);
    const bin = await fs.open(binTmp, 'wx');
    let offset = 0;
    try {
      for (let i = 0; i < tensors.length; i++) {
        const t = tensors[i]!;
        const aligned = padTo(offset);
        if (aligned > offset) {
          const pad = new Uint8Array(aligned - offset);
          hash.update(pad);
          await bin.write(pad);
          offset = aligned;
        }
        const bytes = littleEndianBytes(values[i]!);
        hash.update(bytes);
        await bin.write(bytes);
        entries.push({ name: names[i]!, dtype: t.dtype as CheckpointDtype, shape: [...t.shape], offset, byteLength: bytes.byteLength });
        offset += bytes.byteLength;
      }
      await bin.sync();
    } finally {
      await bin.close();
    }

    // 2. Manifest (meta is checked here, after the data file: a bad meta exercises the clean-up path).
    if (meta !== undefined) assertJson(meta, 'meta', new Set());
    const manifest: CheckpointManifest = {
      format: FORMAT,
      version: VERSION,
      byteOrder: 'little-endian',
      dataFile: binName,
      byteLength: offset,
      sha256: hash.digest('hex'),
      tensors: entries,
      ...(meta === undefined ? {} : { meta }),
    };
    pendingTemps.add(jsonTmp);
    await writeFileDurably(fs, jsonTmp, `${JSON.stringify(manifest, null, 2)}\n`);

    // 3. Publish: data first, then the manifest that describes it.
    await fs.rename(binTmp, path.join(dir, binName));
    pendingTemps.delete(binTmp);
    await fs.rename(jsonTmp, path.join(dir, jsonName));
    pendingTemps.delete(jsonTmp);
    await syncDirectory(fs, dir);
  } finally {
    await Promise.all([...pendingTemps].map((p) => fs.rm(p, { force: true })));
  }
}

async function writeFileDurably(fs: typeof FsPromises, file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes the directory entry changes (renames) where the platform allows it; best effort. */
async function syncDirectory(fs: typeof FsPromises, dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported on every platform (e.g. Windows); the renames themselves are still atomic.
  } finally {
    await handle?.close();
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function parseManifest(text: string, file: string): CheckpointManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`checkpoint manifest ${file} is not valid JSON (${(error as Error).message})`, file);
  }
  const bad = (what: string): never => {
    throw new CheckpointError(`checkpoint manifest ${file} is not a valid ${FORMAT} manifest: ${what}`, file);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('not a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.format !== FORMAT) return bad(`format is ${describeValue(m.format)}, expected "${FORMAT}"`);
  if (m.version !== VERSION) return bad(`version ${describeValue(m.version)} is not supported (this reader knows ${VERSION})`);
  if (m.byteOrder !== 'little-endian') return bad(`byteOrder ${describeValue(m.byteOrder)}`);
  if (typeof m.dataFile !== 'string' || !NAME_PATTERN.test(m.dataFile)) return bad(`dataFile ${describeValue(m.dataFile)}`);
  if (typeof m.byteLength !== 'number' || !Number.isSafeInteger(m.byteLength) || m.byteLength < 0) {
    return bad(`byteLength ${describeValue(m.byteLength)}`);
  }
  if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)) return bad('sha256 is not 64 hex digits');
  if (!Array.isArray(m.tensors)) return bad('tensors is not an array');
  const seen = new Set<string>();
  const total = m.byteLength;
  const tensors = m.tensors.map((e: unknown, i): ManifestEntry => {
    if (typeof e !== 'object' || e === null) return bad(`tensors[${i}] is not an object`);
    const { name, dtype, shape, offset, byteLength } = e as Record<string, unknown>;
    if (typeof name !== 'string') return bad(`tensors[${i}].name is not a string`);
    if (seen.has(name)) return bad(`tensor name ${JSON.stringify(name)} appears twice`);
    seen.add(name);
    if (!isSupportedDtype(dtype)) return bad(`tensors[${i}] (${name}) has dtype ${describeValue(dtype)}`);
    if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
      return bad(`tensors[${i}] (${name}) has shape ${describeValue(shape)}`);
    }
    const dims = shape as number[];
    const expected = dims.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[dtype];
    if (byteLength !== expected) return bad(`tensors[${i}] (${name}) has byteLength ${describeValue(byteLength)}, its shape and dtype need ${expected}`);
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0 || offset + expected > total) {
      return bad(`tensors[${i}] (${name}) has offset ${describeValue(offset)}, outside the ${total}-byte data file`);
    }
    return { name, dtype, shape: [...dims], offset, byteLength: expected };
  });
  return {
    format: FORMAT,
    version: VERSION,
    byteOrder: 'little-endian',
    dataFile: m.dataFile,
    byteLength: total,
    sha256: m.sha256,
    tensors,
    ...('meta' in m ? { meta: m.meta } : {}),
  };
}

/**
 * Reads checkpoint `name` from `dir`, checking the manifest's structure, the data file's size
 * and its SHA-256 before creating any tensor.
 *
 * @throws CheckpointError when `<name>.json` or `<name>.bin` is missing, the manifest does not
 * parse or is not a valid manifest, or the data file is truncated or corrupt.
 */
export async function loadTensors<M = unknown>(dir: string, name: string): Promise<LoadedTensors<M>> {
  checkDir(dir);
  checkCheckpointName(name);
  const { fs, path, crypto } = await node();
  const jsonPath = path.join(dir, `${name}.json`);
  let text: string;
  try {
    text = await fs.readFile(jsonPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new CheckpointError(`checkpoint "${name}" not found: ${jsonPath} does not exist`, jsonPath);
    throw new CheckpointError(`cannot read checkpoint manifest ${jsonPath}: ${(error as Error).message}`, jsonPath);
  }
  const manifest = parseManifest(text, jsonPath);
  const binPath = path.join(dir, manifest.dataFile);
  let bin: Buffer;
  try {
    bin = await fs.readFile(binPath);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      throw new CheckpointError(`checkpoint "${name}" is incomplete: ${binPath} (named by ${jsonPath}) does not exist`, binPath);
    }
    throw new CheckpointError(`cannot read checkpoint data ${binPath}: ${(error as Error).message}`, binPath);
  }
  if (bin.byteLength !== manifest.byteLength) {
    throw new CheckpointError(
      `checkpoint data ${binPath} is truncated or corrupt: it has ${bin.byteLength} bytes, its manifest expects ${manifest.byteLength}`,
      binPath,
    );
  }
  const digest = crypto.createHash('sha256').update(bin).digest('hex');
  if (digest !== manifest.sha256) {
    throw new CheckpointError(
      `checkpoint data ${binPath} is corrupt: its SHA-256 does not match the manifest (damaged, or written by another save)`,
      binPath,
    );
  }
  const tensors: Record<string, tf.Tensor> = {};
  try {
    for (const e of manifest.tensors) {
      const bytes = new Uint8Array(e.byteLength);
      bytes.set(bin.subarray(e.offset, e.offset + e.byteLength));
      const width = BYTES_PER_ELEMENT[e.dtype];
      const host = HOST_IS_LITTLE_ENDIAN || width === 1 ? bytes : swapBytes(bytes, width);
      const values =
        e.dtype === 'float32'
          ? new Float32Array(host.buffer, host.byteOffset, host.byteLength / 4)
          : e.dtype === 'int32'
            ? new Int32Array(host.buffer, host.byteOffset, host.byteLength / 4)
            : host;
      tensors[e.name] = tf.tensor(values, e.shape, e.dtype);
    }
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  return { tensors, meta: manifest.meta as M | undefined, manifest };
}

/** Options of `loadIntoVariables`. */
export interface LoadIntoVariablesOptions {
  /** Accept tensors in the checkpoint that no variable asks for (default `false`: they are an error). */
  allowExtra?: boolean;
}

/**
 * Loads checkpoint `name` and assigns its tensors to `variables` by name. Every variable
 * must have a tensor of the same shape and dtype; all are checked before any is assigned,
 * so on error no variable changes. Returns the checkpoint's `meta`.
 *
 * @throws CheckpointError for a missing, extra (unless `allowExtra`) or mismatched tensor, and as `loadTensors`.
 */
export async function loadIntoVariables<M = unknown>(
  dir: string,
  name: string,
  variables: Record<string, tf.Variable>,
  options: LoadIntoVariablesOptions = {},
): Promise<M | undefined> {
  const { tensors, meta } = await loadTensors<M>(dir, name);
  try {
    const problems: string[] = [];
    for (const [key, v] of Object.entries(variables)) {
      const t = tensors[key];
      if (t === undefined) problems.push(`${JSON.stringify(key)} is missing`);
      else if (t.dtype !== v.dtype || !tf.util.arraysEqual(t.shape, v.shape)) {
        problems.push(`${JSON.stringify(key)} is ${t.dtype}[${t.shape.join(', ')}], the variable is ${v.dtype}[${v.shape.join(', ')}]`);
      }
    }
    if (options.allowExtra !== true) {
      for (const key of Object.keys(tensors)) if (!(key in variables)) problems.push(`${JSON.stringify(key)} has no variable`);
    }
    if (problems.length > 0) {
      throw new CheckpointError(`checkpoint "${name}" in ${dir} does not fit the variables: ${problems.join('; ')}`);
    }
    for (const [key, v] of Object.entries(variables)) v.assign(tensors[key]!);
    return meta;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

// Optimiser checkpoints ---------------------------------------------------------------------------

/**
 * Scalar variables some tfjs optimisers keep outside `getWeights()`. Adam's `setWeights`
 * recomputes β₁ᵗ and β₂ᵗ as `pow(β, t + 1)`, which differs in the last bits from the running
 * product an uninterrupted optimiser holds; saving them keeps a resumed run bit-identical.
 */
const EXTRA_SCALARS = ['accBeta1', 'accBeta2'] as const;
const WEIGHT_PREFIX = 'weights/';
const EXTRA_PREFIX = 'extra/';

interface OptimizerCheckpointInfo {
  className: string;
  config: Record<string, unknown>;
  weightNames: string[];
  extras: string[];
}

function extraScalar(optimizer: tf.Optimizer, field: string): tf.Variable | undefined {
  const v = (optimizer as unknown as Record<string, unknown>)[field];
  return v instanceof tf.Variable ? v : undefined;
}

function weightKey(i: number): string {
  return `${WEIGHT_PREFIX}${String(i).padStart(4, '0')}`;
}

/**
 * Saves a tfjs optimiser's state — iteration count and slot variables from `getWeights()`
 * (Adam's first and second moments, RMSProp's accumulators, …) plus Adam's running β powers —
 * as checkpoint `name` in `dir`, with its class name and config. `meta` is stored alongside.
 *
 * Works for every tfjs optimiser with `getWeights()` (SGD, Momentum, Adagrad, Adadelta, RMSProp,
 * Adam; not Adamax in tfjs 4.22).
 */
export async function saveOptimizer(dir: string, name: string, optimizer: tf.Optimizer, meta?: unknown): Promise<void> {
  let weights: Awaited<ReturnType<tf.Optimizer['getWeights']>>;
  try {
    weights = await optimizer.getWeights();
  } catch (error) {
    throw new CheckpointError(`optimizer ${optimizer.getClassName()} cannot be saved: ${(error as Error).message}`);
  }
  try {
    const record: Record<string, tf.Tensor> = {};
    weights.forEach((w, i) => {
      record[weightKey(i)] = w.tensor;
    });
    const extras: string[] = [];
    for (const field of EXTRA_SCALARS) {
      const v = extraScalar(optimizer, field);
      if (v !== undefined) {
        record[`${EXTRA_PREFIX}${field}`] = v;
        extras.push(field);
      }
    }
    const info: OptimizerCheckpointInfo = {
      className: optimizer.getClassName(),
      config: optimizer.getConfig(),
      weightNames: weights.map((w) => w.name),
      extras,
    };
    await saveTensors(dir, name, record, meta === undefined ? { optimizer: info } : { optimizer: info, user: meta });
  } finally {
    // getWeights() returns the live slot variables, plus a fresh scalar for the iteration count.
    const iter = weights[0];
    if (iter !== undefined && iter.name === 'iter') iter.tensor.dispose();
  }
}

/** Options of `loadOptimizer`. */
export interface LoadOptimizerOptions {
  /**
   * Check that the optimiser's config (β₁, β₂, ε, …, not the learning rate, which schedules
   * change) equals the saved one (default `true`).
   */
  checkConfig?: boolean;
}

/** What `loadOptimizer` returns. */
export interface LoadedOptimizer<M = unknown> {
  /** The `meta` given to `saveOptimizer`. */
  meta: M | undefined;
  /** The restored iteration count. */
  iterations: number;
  /** The config the optimiser had when saved (its learning rate included). */
  savedConfig: Record<string, unknown>;
}

function parseOptimizerInfo(meta: unknown, file: string): { info: OptimizerCheckpointInfo; user: unknown } {
  const m = meta as { optimizer?: Partial<OptimizerCheckpointInfo>; user?: unknown } | undefined;
  const o = m?.optimizer;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.className !== 'string' ||
    typeof o.config !== 'object' ||
    o.config === null ||
    !Array.isArray(o.weightNames) ||
    !o.weightNames.every((n) => typeof n === 'string') ||
    !Array.isArray(o.extras)
  ) {
    throw new CheckpointError(`${file} is not an optimizer checkpoint (no valid "optimizer" entry in its meta)`, file);
  }
  return { info: o as OptimizerCheckpointInfo, user: m?.user };
}

/**
 * Restores into `optimizer` the state saved by `saveOptimizer`, so that it continues exactly
 * where the saved one stopped (same updates, bit for bit, on the same backend). The optimiser
 * must be of the same class, built with the same config, and used afterwards with its
 * variables in the same order (tfjs matches slots to variables by position). Its previous
 * slot variables, if any, are disposed.
 *
 * @throws CheckpointError when the checkpoint is not an optimiser checkpoint, is of another
 * optimiser class or config, and as `loadTensors`.
 */
export async function loadOptimizer<M = unknown>(
  dir: string,
  name: string,
  optimizer: tf.Optimizer,
  options: LoadOptimizerOptions = {},
): Promise<LoadedOptimizer<M>> {
  const { tensors, meta } = await loadTensors(dir, name);
  const where = `checkpoint "${name}" in ${dir}`;
  try {
    const { info, user } = parseOptimizerInfo(meta, where);
    const className = optimizer.getClassName();
    if (info.className !== className) {
      throw new CheckpointError(`${where} holds a ${info.className} optimizer, not a ${className}`);
    }
    if (options.checkConfig !== false) {
      const current = optimizer.getConfig() as Record<string, unknown>;
      const keys = new Set([...Object.keys(current), ...Object.keys(info.config)]);
      keys.delete('learningRate');
      const differing = [...keys].filter((k) => JSON.stringify(current[k]) !== JSON.stringify(info.config[k]));
      if (differing.length > 0) {
        throw new CheckpointError(
          `${where}: the optimizer's config differs from the saved one in ${differing
            .map((k) => `${k} (saved ${describeValue(info.config[k])}, now ${describeValue(current[k])})`)
            .join(', ')}; pass { checkConfig: false } to load anyway`,
        );
      }
    }
    const weightValues = info.weightNames.map((weightName, i) => {
      const tensor = tensors[weightKey(i)];
      if (tensor === undefined) throw new CheckpointError(`${where} lacks optimizer weight ${i} (${weightName})`);
      return { name: weightName, tensor };
    });
    const extras = info.extras.map((field) => {
      const saved = tensors[`${EXTRA_PREFIX}${field}`];
      const target = extraScalar(optimizer, field);
      if (saved === undefined || target === undefined || !tf.util.arraysEqual(saved.shape, target.shape) || saved.dtype !== target.dtype) {
        throw new CheckpointError(`${where}: optimizer state ${field} is missing or does not fit ${className}`);
      }
      return { saved, target };
    });

    const previous = await optimizer.getWeights();
    try {
      await optimizer.setWeights(weightValues);
    } catch (error) {
      previous[0]?.tensor.dispose(); // the fresh iteration scalar; the slots are still in use
      throw new CheckpointError(`${where} could not be loaded into ${className}: ${(error as Error).message}`);
    }
    // setWeights made new slot variables; the old ones (and the iteration scalar) are unreferenced now.
    tf.dispose(previous.map((w) => w.tensor));
    for (const { saved, target } of extras) target.assign(saved);
    return { meta: user as M | undefined, iterations: optimizer.iterations, savedConfig: info.config };
  } finally {
    // setWeights made variables sharing these tensors' data; disposing the tensors only drops our references.
    tf.dispose(Object.values(tensors));
  }
}
