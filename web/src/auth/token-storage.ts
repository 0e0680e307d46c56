const key = 'cwsync.token';

/** The API token lives for the browser tab only (sessionStorage), never in a cookie or localStorage. */
export const tokenStorage = {
  read: (): string | undefined => sessionStorage.getItem(key) ?? undefined,
  write: (token: string): void => sessionStorage.setItem(key, token),
  clear: (): void => sessionStorage.removeItem(key),
};
