/**
 * What the simulated buyers order: products across the HS chapters that carry most cross-border
 * e-commerce parcels, each with a log-normal price (median and log-spread in USD), a typical net
 * mass, a unit and a quantity range. Every HS code is an HS 2022 subheading (checked against
 * shared/data/harmonized-system by the tests). Medians are typical marketplace prices, not
 * customs values: they only drive sampling.
 */
export interface Product {
  key: string;
  hsCode: string;
  descriptions: readonly string[];
  /** Short description as logistics data would carry it. */
  short: string;
  medianUsd: number;
  sigma: number;
  massKg: number;
  unit: 'PCE' | 'PAIR' | 'SET';
  maxQuantity: number;
  /** Relative frequency in baskets. */
  weight: number;
  /** Brand-bearing goods that counterfeiters copy. */
  counterfeitable?: boolean;
  /** Ships by sea when bought (bulky). */
  bulky?: boolean;
}

const P = (key: string, hsCode: string, short: string, descriptions: string[], medianUsd: number, sigma: number,
  massKg: number, unit: Product['unit'], maxQuantity: number, weight: number, extra: Partial<Product> = {}): Product =>
  ({ key, hsCode, short, descriptions, medianUsd, sigma, massKg, unit, maxQuantity, weight, ...extra });

/**
 * National tariff lines that a declarant names where the subheading alone does not fix the duty
 * rate (EU/GB CN codes, US HTS lines): the product as described falls under exactly these.
 * Sources: EU Combined Nomenclature / UK Trade Tariff (textile outer surface, knitted cloths);
 * HTSUS 3924.10.40, 4202.92.31 (backpacks of man-made fibres), 6404.11.90 (over $12/pair),
 * 7117.19.90; each line's rate and source are in reference/revenue/*.json.
 */
export const NATIONAL_LINES: Readonly<Record<string, Partial<Record<'EU' | 'GB' | 'US', string>>>> = {
  '392410': { US: '39241040' },
  '420222': { EU: '42022290', GB: '42022290' },
  '420232': { EU: '42023290', GB: '42023290' },
  '420292': { EU: '42029291', GB: '42029291', US: '42029231' },
  '630710': { EU: '63071010', GB: '63071010' },
  '640411': { US: '64041190' },
  '611595': { US: '61159590' }, // cotton socks, no lace or net (hs-codes.com: .60 "containing lace or net", .90 other)
  '630231': { US: '63023190' }, // plain cotton duvet set: not napped, no embroidery (etoolsage rendering of the HTS)
  '711719': { US: '71171990' },
  // Session 5, for subheadings the fourth tariff pass split. The lines' wording is the lead's reading of
  // the schedules (not on the pages the rates were checked against): cotton sweaters without flax
  // (.20.20), man-made-fibre sweatshirts not of wool or leather (.30.30), flashlights (8513.10.20),
  // unsnelled hooks (US "other" .80, EU/GB "unsnelled" 10), Christmas baubles not of glass (EU/GB 10 90),
  // brushes that are not floor sweepers or household brooms (US .80, EU 90 99).
  '611020': { US: '61102020' },
  '611030': { US: '61103030' },
  '851310': { US: '85131020' },
  '950720': { EU: '95072010', GB: '95072010', US: '95072080' },
  '950510': { EU: '95051090', GB: '95051090' },
  '960390': { EU: '96039099', US: '96039080' },
};

/** The code a declarant in `jurisdiction` would give a line of subheading `hsCode`. */
export function declaredCode(hsCode: string, jurisdiction: string): string {
  return NATIONAL_LINES[hsCode]?.[jurisdiction as 'EU' | 'GB' | 'US'] ?? hsCode;
}

export const PRODUCTS: readonly Product[] = [
  // 33 essential oils, perfumery, cosmetics
  P('lipstick', '330410', 'Lipstick', ['Matte liquid lipstick, long-lasting, 5 ml', 'Lipstick set, 6 shades, in gift box'], 9, 0.6, 0.05, 'PCE', 4, 3),
  P('eyeshadow', '330420', 'Eyeshadow palette', ['Eyeshadow palette, 18 colours, pressed powder'], 12, 0.6, 0.12, 'PCE', 3, 2),
  P('face-cream', '330499', 'Face cream', ['Hyaluronic acid moisturising face cream, 50 ml', 'Vitamin C brightening serum, 30 ml'], 18, 0.7, 0.15, 'PCE', 3, 3),
  P('perfume', '330300', 'Perfume', ['Eau de parfum for women, 100 ml spray', 'Eau de toilette for men, 50 ml'], 35, 0.8, 0.35, 'PCE', 2, 2, { counterfeitable: true }),
  P('shampoo', '330510', 'Shampoo', ['Argan oil shampoo, 500 ml'], 11, 0.5, 0.55, 'PCE', 3, 1),
  P('deodorant', '330720', 'Deodorant', ['Roll-on antiperspirant deodorant, 50 ml'], 6, 0.4, 0.08, 'PCE', 4, 1),
  // 39 plastics
  P('phone-case', '392690', 'Phone case', ['Silicone phone case for 6.1 inch smartphone', 'Shockproof TPU phone cover with card slot'], 5, 0.5, 0.05, 'PCE', 3, 6),
  P('food-box', '392410', 'Food containers', ['Plastic food storage containers, set of 10 with lids'], 14, 0.5, 0.9, 'SET', 2, 2),
  // 42 leather goods, bags
  P('handbag-textile', '420222', 'Handbag', ['Women\'s canvas tote bag with zip', 'Nylon crossbody shoulder bag'], 22, 0.7, 0.45, 'PCE', 2, 3),
  P('handbag-leather', '420221', 'Leather handbag', ['Genuine leather handbag, top handle', 'Leather shoulder bag with gold-tone chain'], 85, 0.9, 0.8, 'PCE', 1, 2, { counterfeitable: true }),
  P('wallet', '420232', 'Wallet', ['Slim RFID-blocking wallet, polyester'], 12, 0.5, 0.08, 'PCE', 2, 2),
  P('backpack', '420292', 'Backpack', ['Laptop backpack 15.6 inch, water-resistant polyester', 'Hiking daypack 30 l, nylon'], 32, 0.6, 0.9, 'PCE', 1, 3),
  P('leather-jacket', '420310', 'Leather jacket', ['Men\'s genuine leather biker jacket'], 120, 0.6, 1.6, 'PCE', 1, 1),
  // 61 knitted apparel
  P('t-shirt', '610910', 'T-shirt', ['Women\'s cotton T-shirt, crew neck, short sleeve', 'Men\'s 100 % cotton printed T-shirt'], 9, 0.6, 0.18, 'PCE', 5, 8),
  P('sweater', '611020', 'Sweater', ['Cotton knitted pullover sweater, long sleeve'], 24, 0.6, 0.45, 'PCE', 3, 3),
  P('hoodie', '611030', 'Hoodie', ['Polyester fleece hoodie with drawstring'], 21, 0.6, 0.55, 'PCE', 3, 4),
  P('leggings', '610463', 'Leggings', ['Women\'s high-waist yoga leggings, polyester/elastane knit'], 14, 0.5, 0.22, 'PCE', 4, 4),
  P('dress', '610443', 'Dress', ['Women\'s knitted midi dress, polyester, floral print'], 19, 0.6, 0.3, 'PCE', 3, 4),
  P('socks', '611595', 'Socks', ['Cotton ankle socks, pack of 5 pairs'], 8, 0.4, 0.25, 'SET', 4, 3),
  P('baby-romper', '611120', 'Baby romper', ['Baby cotton romper, knitted, 0-3 months'], 10, 0.5, 0.12, 'PCE', 4, 2),
  // 62 woven apparel
  P('trousers', '620343', 'Men\'s trousers', ['Men\'s cargo trousers, woven polyester'], 26, 0.5, 0.55, 'PCE', 3, 3),
  P('jeans', '620462', 'Women\'s jeans', ['Women\'s cotton denim jeans, slim fit'], 28, 0.6, 0.6, 'PCE', 2, 3),
  P('parka', '620140', 'Parka', ['Men\'s padded winter parka, polyester shell'], 65, 0.6, 1.3, 'PCE', 1, 2, { counterfeitable: true }),
  P('scarf', '621420', 'Scarf', ['Wool scarf, woven, 180 x 30 cm'], 18, 0.6, 0.2, 'PCE', 3, 2),
  // 63 made-up textiles
  P('bed-linen', '630231', 'Bed linen', ['Cotton duvet cover set, double, with 2 pillowcases'], 38, 0.5, 1.4, 'SET', 2, 2),
  P('towels', '630260', 'Towels', ['Cotton terry bath towels, set of 4'], 25, 0.5, 1.6, 'SET', 2, 2),
  P('curtains', '630391', 'Curtains', ['Cotton blackout curtains, 2 panels, 140 x 240 cm'], 30, 0.5, 1.8, 'SET', 2, 1),
  P('cleaning-cloths', '630710', 'Cleaning cloths', ['Microfibre cleaning cloths, pack of 12'], 9, 0.4, 0.3, 'SET', 3, 2),
  // 64 footwear
  P('sneakers', '640411', 'Sneakers', ['Running shoes, outer sole rubber, upper textile', 'Women\'s knit sneakers, rubber sole'], 45, 0.6, 0.9, 'PAIR', 2, 5, { counterfeitable: true }),
  P('leather-boots', '640399', 'Leather boots', ['Men\'s leather ankle boots, rubber sole'], 70, 0.6, 1.5, 'PAIR', 1, 2),
  P('sandals', '640299', 'Sandals', ['EVA slide sandals, unisex'], 12, 0.5, 0.4, 'PAIR', 3, 3),
  // 65 headgear
  P('beanie', '650500', 'Knitted hat', ['Knitted beanie hat, acrylic'], 8, 0.5, 0.1, 'PCE', 3, 2),
  P('helmet', '650610', 'Bicycle helmet', ['Adult bicycle helmet, in-mould EPS, adjustable'], 35, 0.5, 0.4, 'PCE', 1, 1),
  // 69 ceramics
  P('ceramic-plates', '691200', 'Ceramic plates', ['Stoneware dinner plates, set of 6', 'Ceramic coffee mugs, set of 4'], 32, 0.6, 2.8, 'SET', 1, 2),
  P('porcelain-set', '691110', 'Porcelain tea set', ['Porcelain tea set, teapot and 6 cups'], 45, 0.7, 2.1, 'SET', 1, 1),
  P('ceramic-vase', '691390', 'Ceramic vase', ['Decorative ceramic vase, 25 cm'], 22, 0.6, 1.1, 'PCE', 2, 1),
  // 71 jewellery
  P('fashion-jewellery', '711719', 'Fashion jewellery', ['Stainless steel necklace with pendant', 'Zinc alloy earrings, gold-plated, 3 pairs'], 7, 0.8, 0.05, 'PCE', 4, 5),
  P('gold-ring', '711319', 'Gold ring', ['18k gold ring with cubic zirconia'], 260, 0.7, 0.01, 'PCE', 1, 1),
  P('silver-bracelet', '711311', 'Silver bracelet', ['Sterling silver 925 bracelet'], 45, 0.6, 0.03, 'PCE', 2, 2),
  // 84 machines, computers
  P('laptop', '847130', 'Laptop', ['Laptop computer 14 inch, 16 GB RAM, 512 GB SSD'], 650, 0.45, 1.9, 'PCE', 1, 2, { counterfeitable: false }),
  P('keyboard', '847160', 'Keyboard', ['Mechanical gaming keyboard, RGB backlight, USB'], 45, 0.6, 0.9, 'PCE', 1, 3),
  P('ssd', '847170', 'SSD', ['1 TB NVMe solid-state drive, M.2 2280'], 70, 0.5, 0.05, 'PCE', 2, 2),
  P('pc-parts', '847330', 'Computer parts', ['Graphics card cooling fan replacement', 'Laptop replacement battery cover and hinges'], 18, 0.7, 0.2, 'PCE', 3, 2),
  P('desk-fan', '841451', 'Desk fan', ['USB desk fan, 3 speeds'], 15, 0.5, 0.7, 'PCE', 2, 2),
  // 85 electrical
  P('earbuds', '851830', 'Headphones', ['Wireless in-ear headphones, Bluetooth 5.3, with charging case', 'Over-ear noise-cancelling headphones'], 30, 0.8, 0.25, 'PCE', 2, 7, { counterfeitable: true }),
  P('smartwatch', '851762', 'Smartwatch', ['Smartwatch with heart-rate monitor, Bluetooth'], 45, 0.7, 0.12, 'PCE', 1, 4),
  P('smartphone', '851713', 'Smartphone', ['Smartphone 6.5 inch, 128 GB, dual SIM'], 260, 0.6, 0.4, 'PCE', 1, 3, { counterfeitable: true }),
  P('charger', '850440', 'Charger', ['USB-C fast charger 65 W, GaN', 'Wireless charging pad 15 W'], 16, 0.5, 0.15, 'PCE', 3, 5),
  P('power-bank', '850760', 'Power bank', ['Power bank 20000 mAh, lithium-ion'], 25, 0.5, 0.45, 'PCE', 2, 3),
  P('action-camera', '852589', 'Action camera', ['4K action camera, waterproof case'], 80, 0.6, 0.35, 'PCE', 1, 1),
  P('hair-dryer', '851631', 'Hair dryer', ['Ionic hair dryer 1800 W with diffuser'], 28, 0.6, 0.8, 'PCE', 1, 2),
  P('led-torch', '851310', 'Torch', ['Rechargeable LED torch, zoomable'], 12, 0.5, 0.25, 'PCE', 3, 2),
  P('monitor', '852852', 'Monitor', ['27 inch IPS computer monitor'], 210, 0.4, 6.5, 'PCE', 1, 1, { bulky: true }),
  P('phone-parts', '851890', 'Headphone parts', ['Replacement ear tips and charging case for earbuds'], 8, 0.6, 0.05, 'SET', 3, 1),
  // 90 optical, medical instruments
  P('sunglasses', '900410', 'Sunglasses', ['Polarised sunglasses, UV400'], 14, 0.8, 0.05, 'PCE', 3, 4, { counterfeitable: true }),
  P('reading-glasses', '900490', 'Reading glasses', ['Blue-light blocking reading glasses'], 9, 0.5, 0.04, 'PCE', 3, 2),
  P('thermometer', '902519', 'Thermometer', ['Digital infrared forehead thermometer'], 19, 0.5, 0.15, 'PCE', 2, 1),
  // 91 clocks and watches
  P('quartz-watch', '910211', 'Wrist-watch', ['Men\'s quartz wrist-watch, stainless steel case, analogue'], 28, 0.9, 0.12, 'PCE', 2, 3, { counterfeitable: true }),
  P('digital-watch', '910212', 'Digital watch', ['Digital sports watch, LED display'], 12, 0.6, 0.06, 'PCE', 2, 2),
  P('automatic-watch', '910221', 'Automatic watch', ['Automatic mechanical wrist-watch, sapphire glass'], 180, 0.8, 0.15, 'PCE', 1, 1, { counterfeitable: true }),
  // 94 furniture, lighting, bedding
  P('office-chair', '940171', 'Office chair', ['Ergonomic office chair, mesh back, metal frame'], 120, 0.5, 14, 'PCE', 1, 1, { bulky: true }),
  P('side-table', '940360', 'Side table', ['Wooden side table, flat-packed'], 60, 0.5, 8, 'PCE', 1, 1, { bulky: true }),
  P('led-lamp', '940542', 'LED lamp', ['LED desk lamp, dimmable, USB charging port', 'LED strip lights 10 m with remote'], 22, 0.6, 0.6, 'PCE', 2, 4),
  P('pillow', '940490', 'Pillow', ['Memory foam pillow with cotton cover'], 25, 0.5, 1.1, 'PCE', 2, 2),
  // 95 toys, games, sports
  P('toy', '950300', 'Toy', ['Building blocks set, 500 pieces, plastic', 'Plush teddy bear, 30 cm', 'Remote-control toy car'], 18, 0.8, 0.6, 'PCE', 3, 6),
  P('fitness', '950691', 'Fitness equipment', ['Resistance bands set, 5 levels', 'Adjustable dumbbell set, 2 x 5 kg'], 22, 0.8, 1.5, 'SET', 2, 3),
  P('game-controller', '950490', 'Game controller', ['Wireless game controller for PC and console'], 30, 0.5, 0.3, 'PCE', 2, 2, { counterfeitable: true }),
  P('game-console', '950450', 'Game console', ['Handheld video game console, 7 inch screen'], 180, 0.5, 0.6, 'PCE', 1, 1),
  P('christmas-decor', '950510', 'Christmas decorations', ['Christmas tree baubles, set of 24'], 15, 0.5, 0.8, 'SET', 2, 2),
  P('fishing-reel', '950720', 'Fishing hooks', ['Fishing hooks assortment, 100 pieces'], 9, 0.6, 0.1, 'SET', 3, 1),
  // 96 miscellaneous manufactured articles
  P('diapers', '961900', 'Diapers', ['Baby diapers, size 4, pack of 60'], 20, 0.3, 2.2, 'SET', 2, 1),
  P('toothbrush', '960321', 'Toothbrushes', ['Soft-bristle toothbrushes, pack of 8'], 7, 0.4, 0.15, 'SET', 3, 2),
  P('hair-clips', '961590', 'Hair accessories', ['Hair claw clips, set of 6'], 6, 0.5, 0.1, 'SET', 4, 3),
  P('makeup-brushes', '960390', 'Make-up brushes', ['Make-up brush set, 12 pieces, synthetic bristles'], 11, 0.5, 0.25, 'SET', 2, 2),
  P('pens', '960810', 'Ballpoint pens', ['Gel ballpoint pens, 24 colours'], 8, 0.5, 0.3, 'SET', 3, 2),
];

export type RestrictionKind = 'prohibited' | 'restricted';

/** Goods that may not (or only with a licence or permit) be imported; honest and disguised descriptions. */
export interface ControlledGood {
  key: string;
  kind: RestrictionKind;
  hsCode: string;
  /** What the goods really are (for the ground truth and the inspection remarks). */
  actual: string;
  /** How a sender that declares them openly describes them. */
  honest: string;
  /** How a sender that hides them describes them, with the code of the cover goods. */
  disguised: { description: string; hsCode: string };
  medianUsd: number;
  massKg: number;
  /** Agency an inspection refers restricted goods to. */
  agency: string;
}

export const CONTROLLED_GOODS: readonly ControlledGood[] = [
  { key: 'flick-knife', kind: 'prohibited', hsCode: '821193', actual: 'flick knife (automatic opening blade)', honest: 'Folding knife, automatic spring opening', disguised: { description: 'Stainless steel keychain multi-tool', hsCode: '711719' }, medianUsd: 18, massKg: 0.15, agency: 'police' },
  { key: 'knuckle-duster', kind: 'prohibited', hsCode: '930400', actual: 'knuckle duster', honest: 'Metal knuckle guard', disguised: { description: 'Metal bottle opener', hsCode: '821191' }, medianUsd: 9, massKg: 0.2, agency: 'police' },
  { key: 'pistol-parts', kind: 'prohibited', hsCode: '930510', actual: 'pistol slide and trigger assembly', honest: 'Pistol slide and trigger assembly', disguised: { description: 'Aluminium machined parts', hsCode: '847330' }, medianUsd: 140, massKg: 0.45, agency: 'police' },
  { key: 'pepper-spray', kind: 'prohibited', hsCode: '930400', actual: 'pepper spray canister', honest: 'Self-defence pepper spray, 60 ml', disguised: { description: 'Travel perfume atomiser', hsCode: '330300' }, medianUsd: 12, massKg: 0.1, agency: 'police' },
  { key: 'ivory', kind: 'prohibited', hsCode: '960110', actual: 'carved elephant ivory (CITES Appendix I)', honest: 'Carved ivory figurine', disguised: { description: 'Resin figurine, hand-carved look', hsCode: '392640' }, medianUsd: 400, massKg: 0.3, agency: 'cites' },
  { key: 'vegetable-seeds', kind: 'restricted', hsCode: '120991', actual: 'vegetable seeds for sowing without phytosanitary certificate', honest: 'Vegetable seeds for sowing, 20 varieties', disguised: { description: 'Gardening gift card', hsCode: '491000' }, medianUsd: 8, massKg: 0.05, agency: 'plant-health' },
  { key: 'live-plants', kind: 'restricted', hsCode: '060290', actual: 'rooted live plant cuttings', honest: 'Live succulent plants, rooted cuttings', disguised: { description: 'Artificial plants', hsCode: '670290' }, medianUsd: 15, massKg: 0.4, agency: 'plant-health' },
  { key: 'medicines', kind: 'restricted', hsCode: '300490', actual: 'prescription-only medicine (sildenafil tablets)', honest: 'Sildenafil tablets 100 mg, 30 tablets', disguised: { description: 'Herbal vitamin supplement', hsCode: '210690' }, medianUsd: 25, massKg: 0.08, agency: 'medicines' },
  { key: 'e-liquid', kind: 'restricted', hsCode: '240412', actual: 'nicotine e-cigarette liquid', honest: 'E-cigarette liquid with nicotine, 10 x 10 ml', disguised: { description: 'Aromatherapy essential oil', hsCode: '330129' }, medianUsd: 20, massKg: 0.25, agency: 'health' },
  { key: 'laser-pointer', kind: 'restricted', hsCode: '901320', actual: 'class 4 laser pointer (over 1 mW)', honest: 'Green laser pointer 1000 mW', disguised: { description: 'LED torch', hsCode: '851310' }, medianUsd: 25, massKg: 0.15, agency: 'product-safety' },
];

/** Counterfeit versions of brand-bearing goods: the description names a (fictional) famous brand. */
export const COUNTERFEIT_BRANDS: readonly string[] = ['Lumière Paris', 'Aurelio Milano', 'Vantor', 'Kestrel Sport', 'Orbis Audio', 'Halberg Genève'];

/** Descriptions that do not say what the goods are, in the languages senders use. */
export const VAGUE_DESCRIPTIONS: readonly string[] = [
  'gift', 'Gift', 'parts', 'spare parts', 'accessories', 'sample', 'samples', 'goods', 'merchandise', 'daily necessities',
  '礼物', '配件', '样品', '货物', '日用品',
  'Geschenk', 'Teile', 'Zubehör', 'Muster', 'Ware',
  'cadeau', 'pièces', 'accessoires', 'échantillon', 'marchandises',
  'regalo', 'piezas', 'accesorios', 'muestra',
  'onderdelen', 'подарок', 'hediye',
];
