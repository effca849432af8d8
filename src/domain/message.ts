/**
 * The native JSON messages, as submitters send them (shapes of shared/examples/).
 * Amounts are decimal strings, times RFC 3339 with zone, countries ISO 3166-1 alpha-2,
 * places UN/LOCODE, HS codes 6 to 10 digits. Intake validates these shapes; everything
 * after intake may rely on them.
 */
export const MESSAGE_TYPES = [
  'declaration', 'pre-loading', 'order', 'payment', 'transport', 'arrival', 'return',
  'amendment', 'invalidation', 'information', 'inspection-result', 'agency-decision',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const JURISDICTIONS = ['EU', 'GB', 'AU', 'CA', 'US', 'CN'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const ROLES = [
  'platform', 'vendor', 'carrier', 'post', 'broker', 'payment-provider',
  'customs-officer', 'risk-analyst', 'agency', 'auditor', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Decimal string, e.g. "12.50". */
export type Amount = string;
/** RFC 3339 date-time with zone. */
export type DateTime = string;
/** ISO 8601 calendar date, YYYY-MM-DD. */
export type CalendarDate = string;

export interface Address {
  street?: string;
  city?: string;
  /** ISO 3166-2 subdivision without country prefix (NSW, ON). */
  region?: string;
  postcode?: string;
  country: string;
}

export interface Identifier { scheme: string; value: string }

export interface Party {
  id?: string;
  name?: string;
  address?: Address;
  identifiers?: Identifier[];
  email?: string;
  phone?: string;
  url?: string;
  /** 'person' for natural persons (personal data protected), 'organisation' otherwise. */
  kind?: 'person' | 'organisation';
}

export interface Sender { role: Role; id: string; name?: string }

export interface TransportDocument { type: string; number: string }

export interface Item {
  line: number;
  description: string;
  hsCode?: string;
  quantity?: number;
  unit?: string;
  netMassKg?: number;
  unitPrice?: Amount;
  origin?: string;
  productUrl?: string;
  /** Preferential origin claimed, e.g. "CUSMA". */
  preference?: string;
  /** Alcohol content or other excise measures where due. */
  alcoholPercent?: number;
  volumeLitres?: number;
}

export interface Invoice {
  currency: string;
  itemsTotal: Amount;
  transportCost?: Amount;
  insuranceCost?: Amount;
}

export interface VendorCollection { scheme: string; number: string; taxCollected?: Amount; currency?: string }

export interface Collection { model: 'vendor' | 'intermediary' | 'consumer'; payer?: string; account?: string }

export interface Representative { id: string; type: 'direct' | 'indirect'; name?: string }

export interface OrderRef { id: string; date?: CalendarDate; platform?: string }

export interface PaymentRef { provider?: string; reference?: string; amount?: Amount; currency?: string }

/** The consignment as a declaration describes it. */
export interface DeclaredConsignment {
  transportDocument: TransportDocument;
  masterDocument?: TransportDocument;
  transportMode?: 'air' | 'road' | 'rail' | 'sea' | 'post' | 'multimodal';
  carrier?: Party;
  loadingPlace?: string;
  unloadingPlace?: string;
  destinationCountry?: string;
  /** When the goods are (to be) loaded at the last place of loading: ICS2 air pre-loading data is due before it. */
  expectedDeparture?: DateTime;
  expectedArrival?: DateTime;
  grossMassKg?: number;
  packageCount?: number;
  seller?: Party;
  buyer?: Party;
  consignor?: Party;
  consignee?: Party;
  order?: OrderRef;
  orderIds?: string[];
  payment?: PaymentRef;
  invoice?: Invoice;
  vendorCollection?: VendorCollection;
  collection?: Collection;
  declarant?: Party;
  representative?: Representative;
  /** Who owes the customs debt (organisation id); defaults to the declarant. */
  debtor?: string;
  /** 'B2C', 'C2C' (gift) or 'B2B'. */
  transactionType?: 'B2C' | 'C2C' | 'B2B';
  items: Item[];
}

export interface Envelope<T extends MessageType = MessageType> {
  messageId: string;
  type: T;
  sentAt: DateTime;
  sender: Sender;
  jurisdiction: Jurisdiction;
  /** Movement reference number or Luxor consignment id this message refers to. */
  reference?: string;
}

export interface DeclarationMessage extends Envelope<'declaration'> { consignment: DeclaredConsignment }
export interface PreLoadingMessage extends Envelope<'pre-loading'> { consignment: Partial<DeclaredConsignment> & { transportDocument: TransportDocument } }
export interface TransportMessage extends Envelope<'transport'> { consignment: Partial<DeclaredConsignment> & { transportDocument: TransportDocument } }

export interface OrderMessage extends Envelope<'order'> {
  order: {
    id: string; date?: CalendarDate; seller?: Party; buyer?: Party; currency: string;
    itemsTotal: Amount; transportCost?: Amount; vendorCollection?: VendorCollection; items: Item[];
  };
}

export interface PaymentMessage extends Envelope<'payment'> {
  payment: {
    reference: string; orderId?: string; paidAt?: DateTime; amount: Amount; currency: string;
    payer?: Party; payee?: Party;
    /** A payment of duties and taxes to customs (consumer collection) rather than of the order. */
    purpose?: 'order' | 'duties';
    /** For duties: the customs payment reference the declarant was given (answer's `waitingFor`), proof the payer was told by it. */
    customsReference?: string;
    transportDocument?: TransportDocument;
  };
}

export interface ArrivalMessage extends Envelope<'arrival'> {
  arrival: { transportDocuments: TransportDocument[]; masterDocument?: TransportDocument; arrivedAt: DateTime; location: string };
}

export interface ReturnMessage extends Envelope<'return'> {
  return: {
    originalTransportDocument: TransportDocument;
    returnTransportDocument?: TransportDocument;
    exportedAt: DateTime;
    reason?: string;
    refundClaimant?: { role: 'buyer' | 'intermediary'; id: string };
    items: { line: number; quantity: number }[];
  };
}

export interface AmendmentMessage extends Envelope<'amendment'> {
  amendment: { transportDocument?: TransportDocument; reason: string; consignment: Partial<DeclaredConsignment> };
}

export interface InvalidationMessage extends Envelope<'invalidation'> {
  invalidation: { transportDocument?: TransportDocument; reason: string };
}

export interface InformationMessage extends Envelope<'information'> {
  information: { transportDocument?: TransportDocument; answers: string; documents?: { type: string; reference: string }[] };
}

export type InspectionFinding = 'compliant' | 'undervaluation' | 'misclassification' | 'prohibited' | 'restricted' | 'ipr' | 'misdeclared-quantity' | 'other';

export interface InspectionResultMessage extends Envelope<'inspection-result'> {
  inspection: {
    transportDocument?: TransportDocument;
    inspectedAt: DateTime;
    outcome: 'release' | 'seize' | 'refer';
    findings: InspectionFinding[];
    /** Revenue found at stake, decimal string in the jurisdiction's currency. */
    revenueAtStake?: Amount;
    remarks?: string;
  };
}

export interface AgencyDecisionMessage extends Envelope<'agency-decision'> {
  decision: { transportDocument?: TransportDocument; agency: string; outcome: 'release' | 'hold' | 'refuse'; remarks?: string };
}

export type Message =
  | DeclarationMessage | PreLoadingMessage | OrderMessage | PaymentMessage | TransportMessage
  | ArrivalMessage | ReturnMessage | AmendmentMessage | InvalidationMessage | InformationMessage
  | InspectionResultMessage | AgencyDecisionMessage;
