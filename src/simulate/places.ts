/**
 * Where simulated parcels come from and go to: destination countries per jurisdiction with
 * their buyers' cities and postcodes, the places of loading and unloading (UN/LOCODE) per mode,
 * and the origin countries with their sellers' cities. Rates here are indicative, used only to
 * label revenue at stake in the ground truth; the revenue engine holds the law.
 */
import type { Jurisdiction } from '../domain/message.js';

export interface City { city: string; postcode: string; region?: string; streets: readonly string[] }

export interface Destination {
  country: string;
  jurisdiction: Jurisdiction;
  weight: number;
  cities: readonly City[];
  firstNames: readonly string[];
  lastNames: readonly string[];
  emailDomain: string;
  phonePrefix: string;
  /** Standard consumption-tax rate (VAT/GST), a decimal string; CA by province below. */
  taxRate: string;
}

export interface JurisdictionProfile {
  jurisdiction: Jurisdiction;
  currency: string;
  weight: number;
  /** Value under which splitting a purchase avoids duty or the vendor-collection ceiling; undefined where no such threshold applies. */
  splitThreshold?: string;
  thresholdSource?: string;
  /** Vendor-collection scheme at the point of sale, and the ceiling of the intrinsic value it covers. */
  vendorScheme?: { scheme: string; ceiling: string; source: string };
  /** Air (also post by air) and sea places of unloading (UN/LOCODE); road routes are in ROAD_ROUTES. */
  unloading: { air: readonly string[]; sea: readonly string[] };
  /** Indicative rate of revenue at stake on undeclared value where no consumption tax applies (US duties). */
  indicativeDutyRate?: string;
  /** Shares of business models (marketplace vendor collection, express, post, three-party). */
  models: { marketplace: number; express: number; post: number; threeParty: number };
}

/** USD → currency, indicative sampling rates only (late 2025 order of magnitude); never customs exchange rates. */
export const SAMPLING_RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, AUD: 1.52, CAD: 1.38, CNY: 7.2 };

export const PROFILES: Record<Jurisdiction, JurisdictionProfile> = {
  EU: {
    jurisdiction: 'EU', currency: 'EUR', weight: 40,
    splitThreshold: '150.00', thresholdSource: 'Regulation (EU) 2021/1934 / Council Directive (EU) 2017/2455: IOSS and the customs-duty relief cover consignments of intrinsic value up to EUR 150',
    vendorScheme: { scheme: 'IOSS', ceiling: '150.00', source: 'Council Directive (EU) 2017/2455, Art. 369l VAT Directive' },
    unloading: { air: ['BEBRU', 'BELGG', 'DELEJ', 'DEFRA', 'NLAMS', 'FRCDG', 'ITMIL', 'ESMAD', 'PLWAW', 'IEDUB', 'ATVIE'], sea: ['NLRTM', 'DEHAM', 'BEANR'] },
    models: { marketplace: 40, express: 25, post: 20, threeParty: 15 },
  },
  GB: {
    jurisdiction: 'GB', currency: 'GBP', weight: 12,
    splitThreshold: '135.00', thresholdSource: 'HMRC VAT and overseas goods sold to customers in the UK (from 1 January 2021): consignments of GBP 135 or less, VAT charged at the point of sale',
    vendorScheme: { scheme: 'GB-VAT', ceiling: '135.00', source: 'Value Added Tax Act 1994 as amended by the Taxation (Cross-border Trade) Act 2018; HMRC guidance on goods of GBP 135 or less' },
    unloading: { air: ['GBLHR', 'GBEMA', 'GBSTN'], sea: ['GBFXT', 'GBSOU'] },
    models: { marketplace: 40, express: 30, post: 20, threeParty: 10 },
  },
  AU: {
    jurisdiction: 'AU', currency: 'AUD', weight: 10,
    splitThreshold: '1000.00', thresholdSource: 'A New Tax System (Goods and Services Tax) Act 1999, Division 84 (low value goods, customs value AUD 1,000 or less)',
    vendorScheme: { scheme: 'AU-LVIG', ceiling: '1000.00', source: 'GST Act 1999 Subdivision 84-C, GST on low value imported goods from 1 July 2018' },
    unloading: { air: ['AUSYD', 'AUMEL', 'AUBNE', 'AUPER'], sea: ['AUSYD', 'AUMEL'] },
    models: { marketplace: 35, express: 25, post: 25, threeParty: 15 },
  },
  CA: {
    jurisdiction: 'CA', currency: 'CAD', weight: 10,
    splitThreshold: '40.00', thresholdSource: 'CBSA Memorandum D8-2-16 and Courier Low Value Shipment Program: no duties or taxes on courier shipments valued at CAD 40 or less (non-CUSMA)',
    unloading: { air: ['CAYYZ', 'CAYVR', 'CAYUL'], sea: ['CAVAN', 'CAMTR'] },
    models: { marketplace: 0, express: 45, post: 30, threeParty: 25 },
  },
  US: {
    jurisdiction: 'US', currency: 'USD', weight: 18,
    // Section 321 de minimis was suspended for all countries from 29 August 2025 (Executive Order 14324): no threshold to split under.
    indicativeDutyRate: '0.10',
    unloading: { air: ['USJFK', 'USLAX', 'USORD', 'USCVG', 'USMEM', 'USSDF'], sea: ['USLGB', 'USNYC'] },
    models: { marketplace: 0, express: 45, post: 30, threeParty: 25 },
  },
  CN: {
    jurisdiction: 'CN', currency: 'CNY', weight: 10,
    splitThreshold: '5000.00', thresholdSource: 'MOF/GACC/SAT Notice [2018] No. 49: cross-border e-commerce retail imports, single-transaction limit RMB 5,000',
    unloading: { air: ['CNPVG', 'CNCAN', 'CNHGH', 'CNSZX'], sea: ['CNSHA', 'CNNGB'] },
    models: { marketplace: 0, express: 35, post: 25, threeParty: 40 },
  },
};

const S = (city: string, postcode: string, streets: string[], region?: string): City => (region === undefined ? { city, postcode, streets } : { city, postcode, streets, region });

export const DESTINATIONS: readonly Destination[] = [
  { country: 'NL', jurisdiction: 'EU', weight: 8, taxRate: '0.21', emailDomain: 'example.nl', phonePrefix: '+31 6 ',
    cities: [S('Amsterdam', '1015 AA', ['Keizersgracht', 'Prinsengracht', 'Overtoom']), S('Rotterdam', '3011 AB', ['Coolsingel', 'Witte de Withstraat']), S('Utrecht', '3511 AA', ['Oudegracht', 'Biltstraat'])],
    firstNames: ['Anna', 'Daan', 'Sanne', 'Lucas', 'Emma', 'Sem', 'Julia', 'Finn'], lastNames: ['de Vries', 'Jansen', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer'] },
  { country: 'DE', jurisdiction: 'EU', weight: 14, taxRate: '0.19', emailDomain: 'example.de', phonePrefix: '+49 151 ',
    cities: [S('Berlin', '10115', ['Invalidenstrasse', 'Torstrasse', 'Chausseestrasse']), S('Leipzig', '04109', ['Hauptstrasse', 'Petersstrasse']), S('München', '80331', ['Sendlinger Strasse', 'Kaufingerstrasse']), S('Köln', '50667', ['Hohe Strasse', 'Breite Strasse'])],
    firstNames: ['Jonas', 'Lena', 'Leon', 'Mia', 'Felix', 'Hannah', 'Paul', 'Laura'], lastNames: ['Becker', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner'] },
  { country: 'FR', jurisdiction: 'EU', weight: 12, taxRate: '0.20', emailDomain: 'example.fr', phonePrefix: '+33 6 ',
    cities: [S('Paris', '75011', ['Rue de la Roquette', 'Boulevard Voltaire']), S('Lyon', '69002', ['Rue de la République', 'Quai Saint-Antoine']), S('Marseille', '13001', ['La Canebière', 'Rue Paradis'])],
    firstNames: ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Jules', 'Manon'], lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit'] },
  { country: 'IT', jurisdiction: 'EU', weight: 8, taxRate: '0.22', emailDomain: 'example.it', phonePrefix: '+39 347 ',
    cities: [S('Milano', '20121', ['Via Manzoni', 'Corso Garibaldi']), S('Roma', '00184', ['Via Nazionale', 'Via Cavour']), S('Torino', '10121', ['Via Roma', 'Corso Vittorio Emanuele II'])],
    firstNames: ['Giulia', 'Marco', 'Sofia', 'Luca', 'Francesca', 'Matteo'], lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'] },
  { country: 'ES', jurisdiction: 'EU', weight: 8, taxRate: '0.21', emailDomain: 'example.es', phonePrefix: '+34 612 ',
    cities: [S('Madrid', '28013', ['Calle Mayor', 'Gran Vía']), S('Barcelona', '08002', ['Carrer de Ferran', 'La Rambla']), S('Valencia', '46002', ['Calle de San Vicente Mártir'])],
    firstNames: ['Lucía', 'Hugo', 'Martina', 'Pablo', 'Carmen', 'Alejandro'], lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez'] },
  { country: 'BE', jurisdiction: 'EU', weight: 4, taxRate: '0.21', emailDomain: 'example.be', phonePrefix: '+32 470 ',
    cities: [S('Bruxelles', '1000', ['Rue Neuve', 'Boulevard Anspach']), S('Antwerpen', '2000', ['Meir', 'Groenplaats'])],
    firstNames: ['Lotte', 'Noah', 'Louise', 'Arthur', 'Elise'], lastNames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Claes'] },
  { country: 'PL', jurisdiction: 'EU', weight: 6, taxRate: '0.23', emailDomain: 'example.pl', phonePrefix: '+48 501 ',
    cities: [S('Warszawa', '00-001', ['ul. Marszałkowska', 'ul. Nowy Świat']), S('Kraków', '31-001', ['ul. Floriańska', 'ul. Grodzka'])],
    firstNames: ['Zuzanna', 'Jakub', 'Julia', 'Antoni', 'Maja', 'Szymon'], lastNames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński'] },
  { country: 'SE', jurisdiction: 'EU', weight: 3, taxRate: '0.25', emailDomain: 'example.se', phonePrefix: '+46 70 ',
    cities: [S('Stockholm', '111 20', ['Drottninggatan', 'Götgatan']), S('Göteborg', '411 01', ['Kungsgatan'])],
    firstNames: ['Elsa', 'William', 'Alice', 'Oscar', 'Maja'], lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson'] },
  { country: 'IE', jurisdiction: 'EU', weight: 3, taxRate: '0.23', emailDomain: 'example.ie', phonePrefix: '+353 87 ',
    cities: [S('Dublin', 'D02 X285', ['Grafton Street', 'Dame Street']), S('Cork', 'T12 W8CA', ['Patrick Street'])],
    firstNames: ['Aoife', 'Conor', 'Saoirse', 'Seán', 'Niamh'], lastNames: ['Murphy', 'Kelly', "O'Sullivan", 'Walsh', 'Byrne'] },
  { country: 'AT', jurisdiction: 'EU', weight: 3, taxRate: '0.20', emailDomain: 'example.at', phonePrefix: '+43 664 ',
    cities: [S('Wien', '1010', ['Kärntner Strasse', 'Graben']), S('Graz', '8010', ['Herrengasse'])],
    firstNames: ['Anna', 'Tobias', 'Marie', 'David', 'Lena'], lastNames: ['Gruber', 'Huber', 'Bauer', 'Wagner', 'Pichler'] },
  { country: 'GB', jurisdiction: 'GB', weight: 1, taxRate: '0.20', emailDomain: 'example.co.uk', phonePrefix: '+44 7700 ',
    cities: [S('London', 'EC1A 1BB', ['High Holborn', 'Old Street', 'Essex Road']), S('Manchester', 'M1 1AE', ['Deansgate', 'Oxford Road']), S('Edinburgh', 'EH1 1YZ', ['Princes Street', 'Leith Walk']), S('Bristol', 'BS1 4DJ', ['Park Street'])],
    firstNames: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Sophie'], lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans'] },
  { country: 'AU', jurisdiction: 'AU', weight: 1, taxRate: '0.10', emailDomain: 'example.com.au', phonePrefix: '+61 412 ',
    cities: [S('Sydney', '2000', ['George Street', 'Pitt Street'], 'NSW'), S('Melbourne', '3000', ['Collins Street', 'Swanston Street'], 'VIC'), S('Brisbane', '4000', ['Queen Street', 'Adelaide Street'], 'QLD'), S('Perth', '6000', ['Hay Street'], 'WA'), S('Adelaide', '5000', ['Rundle Mall'], 'SA')],
    firstNames: ['Liam', 'Charlotte', 'Noah', 'Olivia', 'Jack', 'Mia', 'William'], lastNames: ['Nguyen', 'Smith', 'Wilson', 'Taylor', 'Brown', 'Anderson', 'Walker'] },
  { country: 'CA', jurisdiction: 'CA', weight: 1, taxRate: '0.13', emailDomain: 'example.ca', phonePrefix: '+1 416 555 ',
    cities: [S('Toronto', 'M5V 2T6', ['King Street West', 'Queen Street West'], 'ON'), S('Montréal', 'H2X 1Y4', ['Rue Sainte-Catherine', 'Boulevard Saint-Laurent'], 'QC'), S('Vancouver', 'V6B 1A1', ['Granville Street', 'Robson Street'], 'BC'), S('Calgary', 'T2P 1J9', ['Stephen Avenue'], 'AB'), S('Halifax', 'B3J 1S9', ['Barrington Street'], 'NS'), S('Winnipeg', 'R3C 0A1', ['Portage Avenue'], 'MB')],
    firstNames: ['Emma', 'Liam', 'Olivia', 'Noah', 'Chloé', 'Félix', 'Ava'], lastNames: ['Tremblay', 'Smith', 'Roy', 'Gagnon', 'Brown', 'Wilson', 'Singh'] },
  { country: 'US', jurisdiction: 'US', weight: 1, taxRate: '0.00', emailDomain: 'example.com', phonePrefix: '+1 212 555 ',
    cities: [S('New York', '10001', ['W 34th Street', '8th Avenue'], 'NY'), S('Los Angeles', '90012', ['S Broadway', 'W 1st Street'], 'CA'), S('Houston', '77002', ['Main Street', 'Travis Street'], 'TX'), S('Chicago', '60601', ['N Michigan Avenue'], 'IL'), S('Miami', '33131', ['Brickell Avenue'], 'FL'), S('Seattle', '98101', ['Pike Street'], 'WA')],
    firstNames: ['James', 'Emily', 'Michael', 'Madison', 'Daniel', 'Sofia', 'Ethan'], lastNames: ['Johnson', 'Williams', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez'] },
  { country: 'CN', jurisdiction: 'CN', weight: 1, taxRate: '0.091', emailDomain: 'example.cn', phonePrefix: '+86 138 ',
    cities: [S('Shanghai', '200120', ['Century Avenue', 'Nanjing Road'], 'SH'), S('Beijing', '100020', ['Jianguo Road', 'Chaoyang North Road'], 'BJ'), S('Guangzhou', '510620', ['Tianhe Road'], 'GD'), S('Hangzhou', '310002', ['Yan\'an Road'], 'ZJ'), S('Chengdu', '610041', ['Tianfu Avenue'], 'SC')],
    firstNames: ['Wei', 'Fang', 'Jing', 'Hao', 'Min', 'Lei', 'Yan'], lastNames: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao'] },
];

/**
 * Indicative consumption-tax rates of Canadian provinces (GST 5 % plus HST or PST/QST), CRA
 * "GST/HST rates" (NS HST 14 % from 1 April 2025) and the provinces' PST acts. CN: the
 * cross-border e-commerce comprehensive tax is 70 % of VAT 13 % (Notice [2018] No. 49), 9.1 %.
 */
export const CA_PROVINCE_TAX: Record<string, string> = { ON: '0.13', QC: '0.14975', BC: '0.12', AB: '0.05', NS: '0.14', MB: '0.12' };

export interface Origin {
  country: string;
  weight: number;
  /** Weight of this origin for parcels into CN (imports into China come from elsewhere). */
  weightIntoCn: number;
  airports: readonly string[];
  seaports: readonly string[];
  sellerCities: readonly { city: string; postcode: string; division?: string; streets: readonly string[] }[];
  sellerNames: readonly string[];
  legalForms: readonly string[];
  post: string;
  /** UPU S10 service indicators the origin post uses for e-commerce items. */
  s10Services: readonly string[];
}

export const ORIGINS: readonly Origin[] = [
  { country: 'CN', weight: 62, weightIntoCn: 0, airports: ['CNSZX', 'CNPVG', 'CNCAN', 'CNHGH'], seaports: ['CNYTN', 'CNNGB', 'CNSHA'],
    sellerCities: [
      { city: 'Shenzhen', postcode: '518057', division: '440300', streets: ['Keyuan Road', 'Shennan Avenue', 'Huaqiang North Road'] },
      { city: 'Guangzhou', postcode: '510620', division: '440100', streets: ['Tianhe Road', 'Huangpu Avenue'] },
      { city: 'Yiwu', postcode: '322000', division: '330782', streets: ['Chouzhou North Road', 'Futian Road'] },
      { city: 'Dongguan', postcode: '523000', division: '441900', streets: ['Dongcheng Road', 'Hongfu Road'] },
      { city: 'Hangzhou', postcode: '310000', division: '330100', streets: ['Wensan Road', 'Moganshan Road'] },
      { city: 'Xiamen', postcode: '361000', division: '350200', streets: ['Hubin South Road'] },
    ],
    sellerNames: ['Huaxin', 'Jiayuan', 'Xinda', 'Hongtai', 'Mingyang', 'Tianrui', 'Yuehai', 'Jinlong', 'Ruifeng', 'Haoyu', 'Baisheng', 'Kangda', 'Zhongcheng', 'Lianfa'],
    legalForms: ['Electronics Co., Ltd.', 'Technology Co., Ltd.', 'Trading Co., Ltd.', 'Import & Export Co., Ltd.', 'Apparel Co., Ltd.', 'Household Products Co., Ltd.'],
    post: 'CN', s10Services: ['LP', 'LX', 'UA', 'RB', 'CP', 'EE'] },
  { country: 'HK', weight: 4, weightIntoCn: 8, airports: ['HKHKG'], seaports: ['HKHKG'],
    sellerCities: [{ city: 'Hong Kong', postcode: '000000', streets: ['Nathan Road', 'Queen\'s Road Central', 'Hennessy Road'] }],
    sellerNames: ['Golden Bridge', 'Pacific Star', 'Victoria Harbour', 'Everbright', 'Silver Crest'], legalForms: ['Trading Limited', 'International Ltd'],
    post: 'HK', s10Services: ['LP', 'RR', 'CP'] },
  { country: 'US', weight: 9, weightIntoCn: 20, airports: ['USJFK', 'USLAX', 'USORD'], seaports: ['USLGB'],
    sellerCities: [
      { city: 'Boston', postcode: '02110', streets: ['Atlantic Ave', 'Summer Street'] },
      { city: 'Los Angeles', postcode: '90013', streets: ['S Main Street', 'E 7th Street'] },
      { city: 'Austin', postcode: '78701', streets: ['Congress Ave'] },
      { city: 'Seattle', postcode: '98104', streets: ['1st Ave S'] },
    ],
    sellerNames: ['Bluewater', 'Summit Outfitters', 'Redwood', 'Brightline', 'Oakridge', 'Liberty Goods'], legalForms: ['Inc.', 'LLC'],
    post: 'US', s10Services: ['LX', 'RR', 'CP', 'EE'] },
  { country: 'VN', weight: 5, weightIntoCn: 0, airports: ['VNSGN', 'VNHAN'], seaports: ['VNSGN'],
    sellerCities: [{ city: 'Ho Chi Minh City', postcode: '700000', streets: ['Nguyen Hue', 'Le Loi'] }, { city: 'Hanoi', postcode: '100000', streets: ['Hang Bai', 'Trang Tien'] }],
    sellerNames: ['Saigon Thread', 'Minh Phat', 'Hoang Long', 'Viet Tien'], legalForms: ['Co., Ltd.', 'Joint Stock Company'],
    post: 'VN', s10Services: ['LP', 'RR', 'CP'] },
  { country: 'IN', weight: 4, weightIntoCn: 0, airports: ['INDEL', 'INBOM'], seaports: ['INNSA'],
    sellerCities: [{ city: 'Jaipur', postcode: '302001', streets: ['MI Road', 'Johari Bazaar'] }, { city: 'Mumbai', postcode: '400001', streets: ['Mint Road', 'Colaba Causeway'] }],
    sellerNames: ['Shree Ganesh', 'Lotus Crafts', 'Indigo Looms', 'Rajasthan Handicrafts'], legalForms: ['Exports Pvt Ltd', 'Private Limited'],
    post: 'IN', s10Services: ['RR', 'CP', 'EE'] },
  { country: 'TR', weight: 4, weightIntoCn: 0, airports: ['TRIST'], seaports: ['TRMER'],
    sellerCities: [{ city: 'Istanbul', postcode: '34000', streets: ['Istiklal Caddesi', 'Bagdat Caddesi'] }],
    sellerNames: ['Anatolia', 'Bosphorus', 'Marmara', 'Kaya'], legalForms: ['Tekstil Ltd. Şti.', 'Dış Ticaret A.Ş.'],
    post: 'TR', s10Services: ['RR', 'CP'] },
  { country: 'GB', weight: 4, weightIntoCn: 4, airports: ['GBLHR', 'GBEMA'], seaports: ['GBFXT'],
    sellerCities: [{ city: 'London', postcode: 'E1 6AN', streets: ['Brick Lane', 'Commercial Street'] }, { city: 'Manchester', postcode: 'M4 1HN', streets: ['Oldham Street'] }],
    sellerNames: ['Thames', 'Northern Quarter', 'Albion', 'Kingsway'], legalForms: ['Ltd', 'Limited'],
    post: 'GB', s10Services: ['LX', 'RR', 'CP'] },
  { country: 'KR', weight: 3, weightIntoCn: 18, airports: ['KRSEL'], seaports: ['KRPUS'],
    sellerCities: [{ city: 'Seoul', postcode: '04524', streets: ['Myeongdong-gil', 'Teheran-ro'] }],
    sellerNames: ['Hanbit', 'Seoul Beauty', 'Daehan', 'Mirae'], legalForms: ['Co., Ltd.', 'Corp.'],
    post: 'KR', s10Services: ['RR', 'EE', 'CP'] },
  { country: 'JP', weight: 2, weightIntoCn: 22, airports: ['JPNRT', 'JPKIX'], seaports: ['JPTYO'],
    sellerCities: [{ city: 'Tokyo', postcode: '100-0005', streets: ['Marunouchi', 'Ginza'] }, { city: 'Osaka', postcode: '530-0001', streets: ['Umeda'] }],
    sellerNames: ['Sakura', 'Fujiyama', 'Hoshino', 'Midori'], legalForms: ['K.K.', 'Co., Ltd.'],
    post: 'JP', s10Services: ['RR', 'EE', 'CP'] },
  { country: 'DE', weight: 2, weightIntoCn: 10, airports: ['DEFRA'], seaports: ['DEHAM'],
    sellerCities: [{ city: 'Hamburg', postcode: '20095', streets: ['Mönckebergstrasse'] }],
    sellerNames: ['Nordlicht', 'Alster', 'Hansa'], legalForms: ['GmbH'],
    post: 'DE', s10Services: ['RR', 'CP'] },
  { country: 'AU', weight: 1, weightIntoCn: 10, airports: ['AUSYD', 'AUMEL'], seaports: ['AUMEL'],
    sellerCities: [{ city: 'Melbourne', postcode: '3000', streets: ['Flinders Lane'] }],
    sellerNames: ['Southern Cross', 'Wattle', 'Koala Health'], legalForms: ['Pty Ltd'],
    post: 'AU', s10Services: ['RR', 'CP', 'EE'] },
  { country: 'FR', weight: 1, weightIntoCn: 8, airports: ['FRCDG'], seaports: ['FRLEH'],
    sellerCities: [{ city: 'Paris', postcode: '75008', streets: ['Rue du Faubourg Saint-Honoré'] }],
    sellerNames: ['Belle Rive', 'Maison Lune', 'Atelier Sept'], legalForms: ['SAS', 'SARL'],
    post: 'FR', s10Services: ['RR', 'CP'] },
];

/** Airline prefixes (IATA) for master air waybills. */
export const AIRLINE_PREFIXES: readonly string[] = ['176', '020', '160', '172', '618', '999', '784', '781', '057', '125', '081', '014', '297', '615'];

/** Routes that parcels travel by road (loading and unloading UN/LOCODEs, transit hours). */
export const ROAD_ROUTES: readonly { origin: string; jurisdiction: Jurisdiction; loading: string; unloading: string; hours: [number, number] }[] = [
  { origin: 'GB', jurisdiction: 'EU', loading: 'GBDVR', unloading: 'FRCQF', hours: [20, 60] },
  { origin: 'TR', jurisdiction: 'EU', loading: 'TRIST', unloading: 'BGSOF', hours: [30, 72] },
  { origin: 'US', jurisdiction: 'CA', loading: 'USDET', unloading: 'CAWND', hours: [10, 40] },
  { origin: 'US', jurisdiction: 'CA', loading: 'USBUF', unloading: 'CATOR', hours: [10, 40] },
];

/** Member states of the EU (ISO 3166-1), for excluding intra-EU origins. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);
