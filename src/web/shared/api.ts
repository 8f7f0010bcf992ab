/**
 * The typed API client shared by the console and the H5. Types come from the zod contracts in
 * src/shared (type-only imports: the H5 bundle does not carry zod). Every error is an ApiError
 * with the server's code, Chinese message and field details.
 */
import type { TMe, TSessionState } from '../../shared/auth.ts';

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field-level problems from a 400, keyed by field name (dotted paths as the server sends them). */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details)
      ? this.details.filter(
          (d): d is FieldIssue => typeof d === 'object' && d !== null && 'field' in d && 'message' in d,
        )
      : [];
  }
}

let csrfToken: string | null = null;

/** Remember the session's CSRF token from a login or /auth/me answer. */
export function rememberSession(me: Pick<TMe, 'csrfToken'> | null): void {
  csrfToken = me?.csrfToken ?? null;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Listeners for 401s, so the app can send the user to the login page once. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.message) {
      return new ApiError(res.status, body.error.code ?? 'ERROR', body.error.message, body.error.details);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(
    res.status,
    'HTTP_ERROR',
    res.status >= 500 ? '服务器出错了，请稍后再试' : `请求失败（${res.status}）`,
  );
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init?: RequestInit,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      ...init,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && !path.endsWith('/auth/login')) for (const l of unauthorizedListeners) l();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.blob()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  /** Fetch a file (e.g. an Excel export) and hand it to the browser as a download. */
  async download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
    const url = withQuery(path, query);
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw await toError(res);
    const disposition = res.headers.get('content-disposition') ?? '';
    const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  },
};

/** The account endpoints both faces use. */
export const authApi = {
  /** The signed-in user or null: asked on every page load, answered 200 either way. */
  session: async () => {
    const { me } = await api.get<TSessionState>('/api/v1/auth/session');
    rememberSession(me);
    return me;
  },
  login: async (username: string, password: string) => {
    const me = await api.post<TMe>('/api/v1/auth/login', { username, password });
    rememberSession(me);
    return me;
  },
  logout: async () => {
    await api.post('/api/v1/auth/logout');
    rememberSession(null);
  },
  switchMembership: async (membershipId: number) => {
    const me = await api.post<TMe>('/api/v1/auth/switch', { membershipId });
    rememberSession(me);
    return me;
  },
  changePassword: async (oldPassword: string, newPassword: string) => {
    const me = await api.post<TMe>('/api/v1/auth/password', { oldPassword, newPassword });
    rememberSession(me);
    return me;
  },
};
