import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { random } from '../support/random.js';

/**
 * A knowledge base of many postmortems, the same on every run (a seeded generator): the frontmatter and
 * the sections of postmortems/TEMPLATE.md (Summary, Timeline, Root Cause Analysis with Contributing
 * Factors, Action Items), from small vocabularies, so that a site test knows what every incident holds.
 */

export interface GeneratedIncident {
  id: string;
  title: string;
  date: string;
  severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
  status: 'published' | 'in-review';
  tags: string[];
  services: string[];
  /** The file, relative to the workspace. */
  path: string;
}

const SERVICES = ['checkout-api', 'billing-worker', 'search-indexer', 'auth-service', 'notification-fanout', 'control-plane-api', 'dashboard', 'ingest-gateway', 'report-builder', 'media-transcoder'];
const TAGS = ['cache', 'dns', 'tls', 'deployment', 'config-change', 'capacity', 'timeout', 'retry-storm', 'database', 'replication', 'queue-backlog', 'memory-leak', 'disk-full', 'rate-limiting', 'certificate-expiry', 'feature-flag', 'dependency', 'network-partition', 'cron', 'migration', 'autoscaling', 'logging', 'load-balancer', 'kubernetes'];
const SYMPTOMS = ['Latency Spike', 'Elevated Error Rate', 'Partial Outage', 'Stale Reads', 'Dropped Messages', 'Failed Logins', 'Slow Dashboards', 'Duplicate Notifications', 'Missing Invoices', 'Request Timeouts'];
const CAUSES = ['After Cache Eviction Storm', 'From Expired Certificate', 'During Schema Migration', 'Under Retry Storm', 'After Config Change', 'From Disk Exhaustion', 'During Failover', 'From Memory Leak', 'After Dependency Upgrade', 'From Misrouted DNS'];
const ROOT_CAUSES = [
  'A configuration change lowered the connection limit below the steady-state load.',
  'The cache was flushed during peak traffic and every request fell through to the database.',
  'A certificate expired because its renewal job had been failing silently for weeks.',
  'A schema migration took a table lock that blocked writes for its whole duration.',
  'Clients retried without backoff and multiplied the load on a degraded dependency.',
  'A memory leak in a new release exhausted the heap after a few hours of traffic.',
];
const FACTORS: [string, string][] = [
  ['No alert on the saturation metric', 'technology'],
  ['Runbook out of date', 'process'],
  ['Change deployed on a Friday evening', 'process'],
  ['On-call engineer new to the service', 'people'],
  ['Upstream provider degraded', 'external'],
  ['Staging smaller than production', 'environment'],
  ['Retries without jitter', 'technology'],
  ['Review skipped for a config-only change', 'process'],
];
const ACTIONS: [string, string][] = [
  ['detect', 'Alert on saturation above 80%'],
  ['prevent', 'Add a load test for the change path'],
  ['mitigate', 'Document the rollback in the runbook'],
  ['process', 'Require a second reviewer for config changes'],
  ['repair', 'Backfill the records lost during the outage'],
];

const titleCase = (text: string) => text.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash ? ' ' : ''}${letter.toUpperCase()}`);
const day = (date: Date) => date.toISOString().slice(0, 10);
const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);
const hhmm = (date: Date) => date.toISOString().slice(11, 16);

export interface GenerateOptions {
  count?: number;
  seed?: number;
  /** Words to put in the summary of the incident at that index (0-based, in generation order, oldest first). */
  plant?: Record<number, string>;
}

/** Writes `.postmortemrc.yml` and `postmortems/*.md` into `root`; returns the incidents, oldest first. */
export function generateKnowledgeBase(root: string, options: GenerateOptions = {}): GeneratedIncident[] {
  const { count = 300, seed = 20240115, plant = {} } = options;
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const pool = [...items];
    const chosen: T[] = [];
    const n = min + Math.floor(next() * (max - min + 1));
    while (chosen.length < n && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
    return chosen;
  };

  mkdirSync(join(root, 'postmortems'), { recursive: true });
  writeFileSync(join(root, '.postmortemrc.yml'), 'extends: recommended\n');
  const incidents: GeneratedIncident[] = [];
  const start = Date.UTC(2021, 0, 4, 0, 0);
  for (let index = 0; index < count; index++) {
    // One incident every five days, at a time of day of its own: distinct dates, so "newest first" has one order.
    const started = new Date(start + index * 5 * 86_400_000 + Math.floor(next() * 20) * 3_600_000 + Math.floor(next() * 60) * 60_000);
    const date = day(started);
    const id = `INC-${date.replaceAll('-', '')}-${String(index + 1).padStart(4, '0')}`;
    const roll = next();
    const severity = roll < 0.08 ? 'SEV1' : roll < 0.3 ? 'SEV2' : roll < 0.75 ? 'SEV3' : 'SEV4';
    const status = next() < 0.85 ? 'published' : 'in-review';
    const services = some(SERVICES, 1, 2);
    const tags = some(TAGS, 2, 4);
    const service = services[0]!;
    const symptom = pick(SYMPTOMS);
    const title = `${titleCase(service)} ${symptom} ${pick(CAUSES)}`;
    const detected = addMinutes(started, 2 + Math.floor(next() * 30));
    const mitigated = addMinutes(detected, 5 + Math.floor(next() * 90));
    const resolved = addMinutes(mitigated, 5 + Math.floor(next() * 60));
    const minutes = Math.round((resolved.getTime() - started.getTime()) / 60_000);
    const rootCause = pick(ROOT_CAUSES);
    const users = 10 + Math.floor(next() * 5000);
    const planted = plant[index] ? ` ${plant[index]}` : '';
    const factors = some(FACTORS, 2, 4);
    const actions = some(ACTIONS, 1, 4);
    const path = `postmortems/${date}-${service}-${symptom.toLowerCase().replaceAll(' ', '-')}-${index + 1}.md`;

    const text = `---
id: ${id}
title: ${title}
date: ${date}
severity: ${severity}
status: ${status}
authors: ["@acme-example/oncall-${pick(['backend', 'platform', 'payments', 'search'])}"]
tags: [${tags.join(', ')}]
services: [${services.join(', ')}]
started_at: ${started.toISOString().replace('.000Z', 'Z')}
detected_at: ${detected.toISOString().replace('.000Z', 'Z')}
mitigated_at: ${mitigated.toISOString().replace('.000Z', 'Z')}
resolved_at: ${resolved.toISOString().replace('.000Z', 'Z')}
---

# Postmortem: ${title}

## Summary

For ${minutes} minutes ${service} showed ${symptom.toLowerCase()}; about ${users} users were affected.${planted} No data was lost.

### Impact

- ${users} users affected
- ${Math.floor(next() * 900)} requests failed
- No data loss

## Timeline

| Time (UTC) | Event | Significance |
|------------|-------|--------------|
| ${hhmm(started)} | ${symptom} begins on ${service} | First sign |
| ${hhmm(detected)} | Alert fires | Detection |
| ${hhmm(mitigated)} | Change rolled back | Mitigation applied |
| ${hhmm(resolved)} | Metrics back to baseline | Impact ends |

## Root Cause Analysis

### Primary Root Cause

${rootCause}

### 5 Whys Analysis

1. **Why did ${service} show ${symptom.toLowerCase()}?** → Because its requests waited on a saturated dependency
2. **Why was the dependency saturated?** → Because ${rootCause.charAt(0).toLowerCase()}${rootCause.slice(1, -1)}
3. **Why did that reach production?** → Because no check covered the change path
4. **Why did no check cover it?** → Because the test environment is smaller than production
5. **Why is it smaller?** → Because nobody owns keeping the two alike

### Contributing Factors

| Factor | Category | Preventable |
|--------|----------|-------------|
${factors.map(([factor, category]) => `| ${factor} | ${category} | ${next() < 0.7 ? '✓' : '✗'} |`).join('\n')}

## What Went Well

- The alert fired within minutes

## What Went Poorly

- The runbook did not cover this failure

## Where We Got Lucky

- The incident started outside peak hours

## Action Items

| ID | Type | Description | Owner | Priority | Due |
|----|------|-------------|-------|----------|-----|
${actions
  .map(([type, description], n) => `| AI-${String(n + 1).padStart(3, '0')} | ${type} | ${description} | @acme-example/${pick(['platform', 'backend', 'sre'])} | P${1 + Math.floor(next() * 3)} | ${day(addMinutes(started, (7 + n * 7) * 1440))} |`)
  .join('\n')}

## Lessons Learned

1. **Watch the saturation, not only the errors** - Errors come last

## Metrics

| Metric | Value |
|--------|-------|
| Time to Detect | ${Math.round((detected.getTime() - started.getTime()) / 60_000)} min |
| Time to Mitigate | ${Math.round((mitigated.getTime() - started.getTime()) / 60_000)} min |
| Time to Resolve | ${minutes} min |

## Decision Record

- date:${date}|context:Choosing the mitigation|decision:Roll back rather than fix forward|rationale:The rollback was tested and fast|consequences:The feature waits a release|status:accepted
`;
    writeFileSync(join(root, path), text);
    incidents.push({ id, title, date, severity, status, tags, services, path });
  }
  return incidents;
}
