// An undici dispatcher that runs a hook around one chosen request of cwsync's ConnectWise client (the 2nd POST of a
// line, say): the hook can switch a sandbox fault on for that request alone, or change the BSS meanwhile.
import { Agent, type Dispatcher } from 'undici';

export interface CallHook {
  /** which request, e.g. the 2nd POST under `procurement/products` */
  matches(method: string, path: string): boolean;
  /** awaited before the request goes out */
  before?(): Promise<void>;
  /** awaited once it is answered or failed, before cwsync's client sees the outcome */
  after?(): Promise<void>;
  /** ConnectWise carries the request out, but its answer is lost: the client sees the connection closed */
  loseAnswer?: boolean;
}

export interface FaultOnCallDispatcher {
  dispatcher: Dispatcher;
  /** sets the hook of the next matching request (one request only) */
  arm(hook: CallHook): void;
  /** whether the armed hook has run */
  fired(): boolean;
  close(): Promise<void>;
}

export function createFaultOnCallDispatcher(): FaultOnCallDispatcher {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  let armed: CallHook | undefined;
  let done = false;
  const dispatcher = agent.compose(
    (dispatch) => (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => {
      const hook = armed;
      if (!hook || !hook.matches(String(options.method), options.path)) return dispatch(options, handler);
      armed = undefined;
      const finish = (then: () => void) => {
        void (hook.after?.() ?? Promise.resolve()).then(() => {
          done = true;
          then();
        });
      };
      const lost = hook.loseAnswer === true;
      void (hook.before?.() ?? Promise.resolve()).then(() =>
        dispatch(options, {
          onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
          onRequestUpgrade: (controller, statusCode, headers, socket) =>
            handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
          onResponseStart: (controller, statusCode, headers, statusMessage) => {
            if (!lost) handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
          },
          onResponseData: (controller, chunk) => {
            if (!lost) handler.onResponseData?.(controller, chunk);
          },
          onResponseEnd: (controller, trailers) =>
            finish(() =>
              lost
                ? handler.onResponseError?.(controller, lostAnswer())
                : handler.onResponseEnd?.(controller, trailers),
            ),
          onResponseError: (controller, error) => finish(() => handler.onResponseError?.(controller, error)),
        }),
      );
      return true;
    },
  );
  return {
    dispatcher,
    arm(hook) {
      armed = hook;
      done = false;
    },
    fired: () => done,
    close: () => agent.close(),
  };
}

/** What undici reports when the server closes the connection before answering. */
function lostAnswer(): Error {
  return Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
}

/** Sets some of the sandbox's fault settings (see docs/sandbox.md). */
export async function setSandboxFaults(sandboxUrl: string, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandboxUrl}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`sandbox faults: ${response.status} ${await response.text()}`);
}

/** Matches the `nth` request (1-based) of `method` under `resource`, counting from when the hook is armed. */
export function nthCallTo(method: string, resource: string, nth: number): CallHook['matches'] {
  let seen = 0;
  return (sentMethod, path) => {
    if (sentMethod !== method || !path.split('?')[0]!.endsWith(`/apis/3.0/${resource}`)) return false;
    seen += 1;
    return seen === nth;
  };
}
