import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DEFAULT_REMINDER_LEAD_DAYS, remindersDue } from '@river/workflow';
import { ProblemsRepository } from './problems.repository';
import { ProblemsService } from './problems.service';

/** How often open problems are checked for approaching/passed deadlines. Deadlines are days apart. */
const POLL_MS = 60_000;

/**
 * Deadline reminders as events (`problem.deadline_approaching` 3 days before, `problem.overdue` at the
 * deadline). State lives in PostgreSQL (problem_reminder): a reminder is sent only by the poll that
 * inserts its row, so restarts and several API processes never repeat one; a changed deadline gets
 * its own reminders. Each reminder is also written to the problem's timeline.
 */
@Injectable()
export class ProblemRemindersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('problem-reminders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly repo: ProblemsRepository,
    private readonly problems: ProblemsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async poll(): Promise<void> {
    if (this.running) return;
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error({ err: error }, 'reminder poll failed');
    }
  }

  /** Sends the reminders owed at `now`; returns how many were sent. Safe to call at any time. */
  runOnce(now = new Date(), leadDays = DEFAULT_REMINDER_LEAD_DAYS): Promise<number> {
    const run = this.sendDue(now, leadDays).finally(() => (this.running = undefined));
    this.running = run;
    return run;
  }

  private async sendDue(now: Date, leadDays: number): Promise<number> {
    const candidates = await this.repo.openProblemsDueBefore(new Date(now.getTime() + leadDays * 86_400_000));
    let sent = 0;
    for (const problem of candidates) {
      const deadline = problem.deadline!;
      for (const kind of remindersDue(
        { state: problem.state, deadline: deadline.toISOString() },
        now,
        leadDays,
      )) {
        const claimed = await this.repo.transaction(async (tx) => {
          if (!(await this.repo.claimReminder(problem.id, kind, deadline, tx))) return false;
          await this.repo.appendEvent(
            {
              problemId: problem.id,
              campaignId: problem.campaignId,
              action: `reminder_${kind}`,
              fromState: problem.state,
              toState: problem.state,
              actorName: 'system',
              role: 'system',
              detail: { deadline: deadline.toISOString() },
              at: now,
            },
            tx,
          );
          return true;
        });
        if (!claimed) continue;
        sent += 1;
        const campaign = await this.repo.findCampaign(problem.campaignId);
        const type = kind === 'due' ? 'problem.overdue' : 'problem.deadline_approaching';
        if (campaign) await this.problems.notify(campaign, problem, type, { reminder: kind });
      }
    }
    return sent;
  }
}
