/**
 * The learned model on the platform: its versions in the store's records table, its labels
 * from the inspection results the spine recorded, and the live (and shadow) version held in
 * memory and refreshed without a restart.
 */
import { decodeDecisionPayload } from './decision-record.js';
import type { DecisionRecord as DecisionRecordLike } from '../clearance/consignment-state.js';
import type { AssessmentContext, ConsignmentFacts, Reason } from '../clearance/seam.js';
import { deserialize, serialize, type ModelArtifact } from '../model/artifact.js';
import { scoreConsignment } from '../model/platform.js';
import type { LabelledConsignment, ModelRegistry, ModelSummary, OutcomeSource, SelectedBy } from '../model/registry.js';
import type { Store } from '../ledger/store.js';
import type { Platform } from './platform.js';

const KIND = 'model';

export class StoreModelRegistry implements ModelRegistry {
  constructor(private readonly store: Store) {}

  private async rows() { return this.store.records(KIND); }

  async save(artifact: ModelArtifact): Promise<void> {
    if ((await this.rows()).some((r) => r.version === artifact.version)) throw new Error(`model version ${artifact.version} already exists`);
    await this.store.putRecord({ kind: KIND, id: 'risk-model', version: artifact.version, status: 'saved', body: serialize(artifact), updatedAt: new Date().toISOString() });
  }

  async get(version: string): Promise<ModelArtifact | undefined> {
    const row = (await this.rows()).find((r) => r.version === version);
    return row ? deserialize(row.body) : undefined;
  }

  async list(): Promise<ModelSummary[]> {
    return (await this.rows()).map((r) => {
      const a = deserialize(r.body);
      return { version: r.version, createdAt: a.createdAt, metrics: a.metrics as unknown as Record<string, number>, live: r.status === 'live', shadow: r.status === 'shadow' };
    });
  }

  private async setStatus(version: string | undefined, status: 'live' | 'shadow'): Promise<void> {
    const rows = await this.rows();
    if (version !== undefined && !rows.some((r) => r.version === version)) throw new Error(`no model version ${version}`);
    const at = new Date().toISOString();
    for (const row of rows) {
      if (row.status === status && row.version !== version) await this.store.putRecord({ ...row, status: 'saved', updatedAt: at });
      if (row.version === version) await this.store.putRecord({ ...row, status, updatedAt: at });
    }
  }

  async promote(version: string): Promise<void> { await this.setStatus(version, 'live'); }
  async shadow(version: string | undefined): Promise<void> { await this.setStatus(version, 'shadow'); }

  async live(): Promise<ModelArtifact | undefined> {
    const row = (await this.rows()).find((r) => r.status === 'live');
    return row ? deserialize(row.body) : undefined;
  }

  async shadowModel(): Promise<ModelArtifact | undefined> {
    const row = (await this.rows()).find((r) => r.status === 'shadow');
    return row ? deserialize(row.body) : undefined;
  }
}

/**
 * Labels are the inspection results the spine recorded. Each comes with the context recorded
 * at the decision that selected the consignment (party history as of then, never later), and
 * with how it was selected: a random audit (and its drawing probability), the model, or a rule.
 */
export class StoreOutcomeSource implements OutcomeSource {
  constructor(private readonly platform: Platform) {}

  async labelled(from?: string, to?: string): Promise<LabelledConsignment[]> {
    const store = this.platform.store;
    const inspected = new Map<string, string>();
    for await (const event of store.allEvents()) {
      if (event.type !== 'message.inspection-result' || !event.consignmentId) continue;
      const day = event.at.slice(0, 10);
      if ((from && day < from) || (to && day > to)) continue;
      inspected.set(event.consignmentId, event.at);
    }
    const out: LabelledConsignment[] = [];
    for (const [id, decidedAt] of inspected) {
      const state = await this.platform.find(id);
      if (!state?.facts.declaration) continue;
      const events = await store.eventsOf(id);
      const decisionEvent = events.find((e) => e.type === 'decision');
      if (!decisionEvent) continue;
      const recorded = decodeDecisionPayload(decisionEvent.payload) as unknown as { decision: DecisionRecordLike; context: AssessmentContext };
      const result = state.facts.inspections[state.facts.inspections.length - 1];
      const nonCompliant = result.outcome === 'seize' || result.findings.some((f) => f !== 'compliant');
      const random = recorded.decision.reasons.find((r: Reason) => r.source === 'random');
      const selectedBy: SelectedBy = random ? 'random' : recorded.decision.reasons.some((r: Reason) => r.source === 'model' && (r.score ?? 0) > 0.5) ? 'model' : 'rule';
      // Facts as declared: later inspections and agency decisions are not features.
      const facts: ConsignmentFacts = { ...state.facts, inspections: [], agencyDecisions: [] };
      out.push({
        facts, context: recorded.context, decidedAt, nonCompliant, revenueAtStake: result.revenueAtStake, selectedBy,
        selectionProbability: random && typeof random.threshold === 'number' ? random.threshold : undefined,
      });
    }
    return out.sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
  }
}

/** The live and shadow models, swapped in place when the registry changes. */
export class ModelHolder {
  private liveModel: ModelArtifact | undefined;
  private shadow: ModelArtifact | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly registry: ModelRegistry) {}

  async refresh(): Promise<void> {
    this.liveModel = await this.registry.live();
    this.shadow = await this.registry.shadowModel();
  }

  start(intervalMs = 10_000): void {
    this.timer = setInterval(() => { void this.refresh().catch(() => undefined); }, intervalMs);
    this.timer.unref();
  }

  stop(): void { if (this.timer) clearInterval(this.timer); }

  get version(): string | undefined { return this.liveModel?.version; }

  /** The risk engine's model hook: no live model, no signal. */
  score = (facts: ConsignmentFacts, context: AssessmentContext): { probability: number; reasons: Reason[] } => {
    if (!this.liveModel || !facts.declaration) return { probability: 0, reasons: [] };
    const live = scoreConsignment(this.liveModel, facts, context);
    const reasons = [...live.reasons];
    if (this.shadow) {
      const shadow = scoreConsignment(this.shadow, facts, context);
      reasons.push({ code: 'model.shadow', source: 'model', version: this.shadow.version, score: 0, message: `shadow model ${this.shadow.version}: probability ${shadow.probability.toFixed(3)} (recorded, not acting)`, measured: shadow.probability });
    }
    return { probability: live.probability, reasons: [...reasons, { code: 'model.expected-revenue', source: 'model', version: this.liveModel.version, score: 0, message: `expected revenue at stake ${live.expectedRevenue}`, measured: live.expectedRevenue }] };
  };
}
