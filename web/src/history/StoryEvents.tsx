import type { RecordStory, StoryEvent } from '../api/types';
import { JsonBlock } from '../report/JsonBlock';

function describeEvent(event: StoryEvent): string {
  switch (event.kind) {
    case 'bss-write': {
      const side =
        event.origin === 'pull' ? 'Pulled from ConnectWise into the BSS' : `BSS write (${event.origin})`;
      const fields = event.changedFields.length > 0 ? `: ${event.changedFields.join(', ')}` : '';
      return `${side}, ${event.action}, version ${event.version}${fields}`;
    }
    case 'run-outcome':
      return `${event.instanceId}: run ${event.runId} (${event.direction}) ended ${event.outcome}`;
    case 'linked':
      return `${event.instanceId}: linked to ConnectWise #${event.connectwiseId}`;
    case 'not-in-step':
      return `${event.instanceId}: ${event.direction} ${event.outcome} after ${event.attempts} attempts: ${event.message}`;
  }
}

/** The events newest first, each with what it carries (the last body written, ConnectWise's answer). */
export function StoryEvents({ story }: { story: RecordStory }) {
  return (
    <>
      {story.events.length === 0 ? (
        <p role="status">
          Nothing is known of {story.module} {story.recordId}.
        </p>
      ) : (
        <ol className="story" aria-label={`History of ${story.module} ${story.recordId}`}>
          {story.events.map((event, index) => (
            <li key={index} data-kind={event.kind}>
              <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time> {describeEvent(event)}
              {event.kind === 'linked' && event.lastPushed !== undefined && (
                <details>
                  <summary>What the link keeps of the last write</summary>
                  <JsonBlock value={event.lastPushed} label="The last write, as the link keeps it" />
                </details>
              )}
              {event.kind === 'not-in-step' && event.connectwise !== undefined && (
                <details>
                  <summary>ConnectWise's answer</summary>
                  <JsonBlock value={event.connectwise} label="ConnectWise's answer" />
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      <p className="hint">Not kept, so not shown: {story.cannotShow.join('; ')}.</p>
    </>
  );
}
