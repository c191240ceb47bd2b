import { describe, expect, it } from 'vitest';
import { incidentDurations } from '../../src/model/milestones.js';
import { parseDuration } from '../../src/model/durations.js';
import { classifyMilestone } from '../../src/model/timeline.js';
import { lint, messagesOf, parse } from '../helpers.js';

const doc = (rows: string) =>
  `---\nid: INC-20240301-0001\ntitle: T\ndate: 2024-03-01\nseverity: SEV4\nstatus: draft\nauthors: ["@a"]\ntags: [x]\n---\n\n# T\n\n## Timeline\n\n| Time | Event |\n|---|---|\n${rows}\n`;

describe('milestones as incident channels write them', () => {
  it('reads alarms, monitors, notifications, pages to the on-call and support tickets as detection', () => {
    for (const event of [
      'CloudWatch alarm goes into ALARM state',
      'Automated alarm on PUT 5xx rate pages the storage on-call',
      'Monitoring pages the on-call',
      'SRE notified by Opsgenie',
      'Datadog monitor triggers on p99 latency',
      'Support ticket opened by a customer',
    ]) {
      expect([event, classifyMilestone(event)]).toEqual([event, 'detect']);
    }
  });

  it('takes no milestone of the incident from the lead-up before its impact starts', () => {
    const text = doc(
      ['| 09:00 | Scheduled database failover begins; last week’s rollback is reverted |', '| 09:12 | Disk on C starts filling; impact starts |', '| 09:20 | Disk alert fires |', '| 10:05 | Logs truncated; mitigated |', '| 10:10 | Impact ends |'].join('\n'),
    );
    expect(incidentDurations(parse(text).postmortem!)).toEqual({ detect: 8, mitigate: 53, resolve: 58 });
  });

  it('reads a compact duration such as 1h18m', () => {
    expect(['1h18m', '1h 18m', '78m', '2d4h'].map(parseDuration)).toEqual([78, 78, 78, 3120]);
  });

  it('finds a 5-Whys chain under its own heading, numbered or bulleted', () => {
    const steps = ['A failed because B was down', 'B was down because C filled its disk', 'C filled its disk because logs were never rotated', 'Logs were never rotated because the image had no logrotate', 'The image had none because nobody owned the base image'];
    const base = `---\nid: INC-20240301-0001\ntitle: T\ndate: 2024-03-01\nseverity: SEV2\nstatus: draft\nauthors: ["@a"]\ntags: [x]\n---\n\n# T\n\n## Root Cause\n\nLogs filled the disk.\n\n## 5 Whys\n\n`;
    const numbered = base + ['1. **Why did A fail?** → Because B was down', '2. **Why was B down?** → Because C filled its disk', '3. **Why did C fill its disk?** → Because logs were never rotated', '4. **Why were they never rotated?** → Because the image had no logrotate', '5. **Why had it none?** → Because nobody owned the base image'].join('\n') + '\n';
    expect(parse(numbered).postmortem!.whys).toHaveLength(5);
    expect(messagesOf(lint(numbered), 'five-whys')).toEqual([]);
    const bulleted = base.replace('## 5 Whys', '## Five whys') + steps.map((step) => `- ${step}.`).join('\n') + '\n';
    expect(parse(bulleted).postmortem!.whys.map((why) => why.answer.split(' ')[0])).toEqual(Array(5).fill('because'));
    expect(messagesOf(lint(bulleted), 'five-whys')).toEqual([]);
  });
});
