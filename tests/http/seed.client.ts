import http from 'node:http';
import zlib from 'node:zlib';

/**
 * What the seed's Streamlit frontend (frontend/app.py) sends and how it reads answers, for a
 * test that replays it: Python, Streamlit, pandas and plotly are not available here.
 */

export interface SeedResponse {
  status_code: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): any;
}

/**
 * `requests.<method>(url, data=..., json=..., headers=...)` as python-requests frames it:
 * `data` form-encoded, `json` as json.dumps writes it, and no body as `Content-Length: 0`
 * without a content type on POST and PUT (GET and DELETE send neither).
 */
export function requests(
  method: 'get' | 'post' | 'put' | 'delete',
  url: string,
  kwargs: { data?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
): Promise<SeedResponse> {
  const headers: Record<string, string> = {
    'user-agent': 'python-requests/2.32.3',
    'accept-encoding': 'gzip, deflate',
    accept: '*/*',
    ...kwargs.headers,
  };
  let body: string | undefined;
  if (kwargs.data) {
    body = new URLSearchParams(kwargs.data).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (kwargs.json !== undefined) {
    body = pythonJson(kwargs.json);
    headers['content-type'] = 'application/json';
  } else if (method === 'post' || method === 'put') {
    headers['content-length'] = '0';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: method.toUpperCase(), headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(parts);
        const encoding = res.headers['content-encoding'];
        const text = (encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : raw).toString();
        resolve({ status_code: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A Python float: st.number_input(min_value=1.0, value=30.0) gives 30.0, which json.dumps writes as "30.0". */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** json.dumps with its default separators (", " and ": "), as requests sends a `json=` body. */
function pythonJson(value: unknown): string {
  if (value instanceof PyFloat) return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** Python's `f"{x:.1f}"`: raises (here: throws) for anything but a number, as the frontend would. */
export function formatFixed(value: unknown, digits: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`unsupported format string passed to ${typeof value}.__format__`);
  return value.toFixed(digits);
}

/**
 * The parts of pandas the Metrics page uses: `pd.DataFrame(list_of_dicts)`,
 * `pd.to_datetime(df['timestamp'])`, numeric columns for px.line and `value_counts()`.
 * Stricter than pandas where pandas would silently chart nonsense.
 */
export class DataFrame {
  readonly columns: string[];

  constructor(readonly rows: Record<string, unknown>[]) {
    // pd.DataFrame(dict_of_scalars) is the seed's crash ("If using all scalar values, you must pass an index").
    if (!Array.isArray(rows)) throw new TypeError('If using all scalar values, you must pass an index');
    const columns = new Set<string>();
    for (const row of rows) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new TypeError('DataFrame constructor not properly called!');
      for (const key of Object.keys(row)) columns.add(key);
    }
    this.columns = [...columns];
    // A key missing from some rows would be NaN in pandas: charts with holes.
    for (const [i, row] of rows.entries()) {
      const missing = this.columns.filter((c) => !(c in row));
      if (missing.length) throw new Error(`row ${i} lacks ${missing.join(', ')}`);
    }
  }

  column(name: string): unknown[] {
    if (!this.columns.includes(name)) throw new Error(`KeyError: '${name}'`);
    return this.rows.map((row) => row[name]);
  }

  /** pd.to_datetime: every value ISO 8601 in one format (pandas infers the format from the first). */
  toDatetime(name: string): Date[] {
    const values = this.column(name);
    const format = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    return values.map((value, i) => {
      if (typeof value !== 'string' || !format.test(value) || Number.isNaN(Date.parse(value))) throw new Error(`row ${i}: ${String(value)} is not an ISO 8601 time`);
      return new Date(value);
    });
  }

  /** A y column of px.line: numbers, none null (a hole in the chart). */
  numeric(name: string): number[] {
    return this.column(name).map((value, i) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`row ${i}: ${name} is ${JSON.stringify(value)}, not a number`);
      return value;
    });
  }

  valueCounts(name: string): Map<unknown, number> {
    const counts = new Map<unknown, number>();
    for (const value of this.column(name)) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  }
}
