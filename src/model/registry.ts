/**
 * What the model commands need from the shell: the recorded outcomes (labels) and a store of
 * model versions with one live and optionally one shadow. The lead implements both on the
 * database; the in-memory versions here serve tests and the demo.
 */
import type { AssessmentContext, ConsignmentFacts } from '../clearance/seam.js';
import type { ModelArtifact } from './artifact.js';

export type SelectedBy = 'random' | 'rule' | 'model' | 'officer';

/** A consignment whose inspection result is known, with how it came to be inspected. */
export interface LabelledConsignment {
  facts: ConsignmentFacts;
  /** The context recorded at assessment (party history as of then: no later outcomes). */
  context: AssessmentContext;
  /** When the inspection result was recorded. */
  decidedAt: string;
  nonCompliant: boolean;
  /** Decimal string in the jurisdiction's currency. */
  revenueAtStake?: string;
  selectedBy: SelectedBy;
  /** For random audits: the probability that this consignment was drawn. */
  selectionProbability?: number;
}

export interface OutcomeSource {
  /** Labelled consignments decided within [from, to] (ISO dates, inclusive), oldest first. */
  labelled(from?: string, to?: string): Promise<LabelledConsignment[]>;
}

export interface ModelSummary {
  version: string;
  createdAt: string;
  metrics: Record<string, number>;
  live: boolean;
  shadow: boolean;
}

export interface ModelRegistry {
  save(artifact: ModelArtifact): Promise<void>;
  get(version: string): Promise<ModelArtifact | undefined>;
  list(): Promise<ModelSummary[]>;
  /** Makes a saved version live; the risk engine picks it up on its next read (no restart). */
  promote(version: string): Promise<void>;
  live(): Promise<ModelArtifact | undefined>;
  /** Runs a candidate beside the live model (scored and recorded, never deciding); undefined stops it. */
  shadow(version: string | undefined): Promise<void>;
  shadowModel(): Promise<ModelArtifact | undefined>;
}

export interface ModelDeps {
  outcomes: OutcomeSource;
  registry: ModelRegistry;
  /** Share of consignments the administration inspects, for `report` (e.g. 0.05). */
  inspectionRate?: number;
  now?: () => Date;
  /** Where the command prints; defaults to stdout. */
  print?: (line: string) => void;
  seed?: number;
}

export class InMemoryOutcomeSource implements OutcomeSource {
  constructor(private readonly items: LabelledConsignment[]) {}

  async labelled(from?: string, to?: string): Promise<LabelledConsignment[]> {
    return this.items
      .filter((i) => (from === undefined || i.decidedAt.slice(0, 10) >= from) && (to === undefined || i.decidedAt.slice(0, 10) <= to))
      .sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
  }
}

export class InMemoryModelRegistry implements ModelRegistry {
  private readonly versions = new Map<string, ModelArtifact>();
  private liveVersion: string | undefined;
  private shadowVersion: string | undefined;

  async save(artifact: ModelArtifact): Promise<void> {
    if (this.versions.has(artifact.version)) throw new Error(`model version ${artifact.version} already exists`);
    this.versions.set(artifact.version, artifact);
  }

  async get(version: string): Promise<ModelArtifact | undefined> {
    return this.versions.get(version);
  }

  async list(): Promise<ModelSummary[]> {
    return [...this.versions.values()].map((a) => ({
      version: a.version, createdAt: a.createdAt, metrics: a.metrics,
      live: a.version === this.liveVersion, shadow: a.version === this.shadowVersion,
    }));
  }

  async promote(version: string): Promise<void> {
    if (!this.versions.has(version)) throw new Error(`no model version ${version}`);
    this.liveVersion = version;
    if (this.shadowVersion === version) this.shadowVersion = undefined;
  }

  async live(): Promise<ModelArtifact | undefined> {
    return this.liveVersion === undefined ? undefined : this.versions.get(this.liveVersion);
  }

  async shadow(version: string | undefined): Promise<void> {
    if (version !== undefined && !this.versions.has(version)) throw new Error(`no model version ${version}`);
    this.shadowVersion = version;
  }

  async shadowModel(): Promise<ModelArtifact | undefined> {
    return this.shadowVersion === undefined ? undefined : this.versions.get(this.shadowVersion);
  }
}
