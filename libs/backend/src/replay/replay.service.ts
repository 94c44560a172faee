import { Injectable } from '@nestjs/common';
import type { ParameterKey } from '@river/contracts';
import { distinctUntilChanged, from, interval, map, type Observable, switchMap, takeWhile } from 'rxjs';
import { conflict, notFound, validationFailed } from '../errors/domain-error';
import { decodeCursor, type Page, toPage } from '../http/pagination';
import type { Principal } from '../identity/principal';
import { StationsService } from '../stations/stations.service';
import { ACTIVE_STATES, type ReplayJobRow, replayView, type ReplayView } from './replay-job';
import type { ReplayReport } from './replay-report';
import { ReplayReports } from './replay-reports.service';
import { ReplayRunner } from './replay-runner.service';
import type { CreateReplayBody, ReplayListQuery } from './replay.dto';
import { ReplayRepository } from './replay.repository';

/** Replay jobs for operators (SPEC §8): create, watch, pause/resume/cancel, report, delete sandbox data. */
@Injectable()
export class ReplayService {
  constructor(
    private readonly repo: ReplayRepository,
    private readonly runner: ReplayRunner,
    private readonly reports: ReplayReports,
    private readonly stations: StationsService,
  ) {}

  async create(body: CreateReplayBody, user: Principal): Promise<ReplayView> {
    const stations = await this.scope(body.stations, body.rivers);
    const row = await this.repo.create({
      target: body.target,
      from: new Date(body.from),
      to: new Date(body.to),
      stations,
      rivers: body.rivers ?? null,
      speed: body.speed === 'max' ? null : body.speed,
      rules: body.rules,
      ruleSet: body.ruleSet?.override ?? null,
      ruleSetName: body.ruleSet ? (body.ruleSet.name ?? 'custom') : null,
      mqtt: body.mqtt ?? null,
      createdBy: user.username,
    });
    this.runner.wake();
    return replayView(row);
  }

  /** Stations named and stations on the rivers named; null = every station. */
  private async scope(codes?: string[], rivers?: string[]): Promise<string[] | null> {
    if (!codes && !rivers) return null;
    const all = await this.stations.all();
    const known = new Set(all.map((s) => s.code));
    const errors = (codes ?? [])
      .map((code, i) => ({ code, i }))
      .filter(({ code }) => !known.has(code))
      .map(({ code, i }) => ({ field: `stations.${i}`, message: `station ${code} is not in the catalogue` }));
    for (const [i, river] of (rivers ?? []).entries())
      if (!all.some((s) => s.river === river))
        errors.push({ field: `rivers.${i}`, message: `no station on river ${river}` });
    if (errors.length) throw validationFailed(errors);
    const onRivers = all.filter((s) => rivers?.includes(s.river)).map((s) => s.code);
    return [...new Set([...(codes ?? []), ...onRivers])].sort();
  }

  async list(query: ReplayListQuery): Promise<Page<ReplayView>> {
    const cursor = decodeCursor(query.cursor);
    const rows = await this.repo.list(query.limit, cursor ? String(cursor.id) : undefined);
    const page = toPage(rows, query.limit, (r) => ({ key: r.id, id: r.id }));
    return { items: page.items.map(replayView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ReplayView> {
    return replayView(await this.row(id));
  }

  private async row(id: string): Promise<ReplayJobRow> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('replay', id);
    return row;
  }

  async pause(id: string): Promise<ReplayView> {
    return this.move(id, ['queued', 'running'], 'paused');
  }

  async resume(id: string): Promise<ReplayView> {
    const view = await this.move(id, ['paused'], 'queued');
    this.runner.wake();
    return view;
  }

  async cancel(id: string): Promise<ReplayView> {
    return this.move(id, ACTIVE_STATES, 'cancelled');
  }

  private async move(id: string, from: readonly ReplayJobRow['state'][], to: ReplayJobRow['state']) {
    const row = await this.repo.transition(id, from, to);
    if (row) return replayView(row);
    const current = await this.row(id);
    throw conflict('replay_state', `replay ${id} is ${current.state}: cannot move it to ${to}`);
  }

  /** The stored report of a finished replay, or the report so far of one under way. */
  async report(id: string): Promise<ReplayReport> {
    const row = await this.row(id);
    return row.report ?? this.reports.build(row);
  }

  async plot(id: string, station: string, parameter: ParameterKey): Promise<string> {
    const row = await this.row(id);
    if (!(await this.stations.get(station))) throw notFound('station', station);
    return this.reports.plot(row, station, parameter);
  }

  /**
   * Deletes a replay: cancels it if under way, removes its sandbox data (samples, dead letters,
   * sandbox cases with their timeline, rule state) and the job. Live data a live replay wrote stays.
   */
  async remove(id: string): Promise<void> {
    const row = await this.row(id);
    if (ACTIVE_STATES.includes(row.state)) await this.repo.transition(id, ACTIVE_STATES, 'cancelled');
    // the worker notices the cancel at its next checkpoint; wait for it to let go of the job
    for (let i = 0; i < 100; i++) {
      const current = await this.repo.get(id);
      if (!current?.lease_owner) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.repo.deleteSandbox(id);
    await this.repo.deleteJob(id);
  }

  /** Progress as it changes (SSE): polled from the job row, so it works whatever process runs the job. */
  progress(id: string): Observable<ReplayView> {
    return interval(500).pipe(
      switchMap(() => from(this.get(id))),
      distinctUntilChanged((a, b) => a.state === b.state && a.progress.done === b.progress.done),
      takeWhile((v) => ACTIVE_STATES.includes(v.state), true),
      map((v) => v),
    );
  }
}
