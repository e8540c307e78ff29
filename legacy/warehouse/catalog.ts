import { EntitySetDef, PropertyDef, ServiceDef } from './odata/model';
import { SYSTEM_UTC_OFFSET_MS } from './odata/values';

/** The four released S/4HANA APIs the stand-in serves, over its own SQLite tables (see store.ts). */

const text = (name: string, sql: string, maxLength?: number): PropertyDef => ({ name, type: 'Edm.String', sql, maxLength });
const numc = (name: string, sql: string, length: number): PropertyDef => ({
  name,
  type: 'Edm.String',
  sql,
  maxLength: length,
  numc: length,
});
/** A field the product has but this retailer never fills: SAP answers it empty (or zeros for NUMC). */
const blank = (name: string, value = ''): PropertyDef => ({
  name,
  type: 'Edm.String',
  sql: `'${value}'`,
  maxLength: Math.max(1, value.length),
  constant: true,
});
const quantity = (name: string, sql: string): PropertyDef => ({ name, type: 'Edm.Decimal', sql, scale: 3 });
const date = (name: string, sql: string): PropertyDef => ({ name, type: 'Edm.DateTime', sql });
const flag = (name: string, sql: string): PropertyDef => ({ name, type: 'Edm.Boolean', sql });

export const STOCK: EntitySetDef = {
  service: 'API_MATERIAL_STOCK_SRV',
  name: 'A_MatlStkInAcctMod',
  entityType: 'A_MatlStkInAcctModType',
  from: 'stock s',
  keys: [
    'Material',
    'Plant',
    'StorageLocation',
    'Batch',
    'Supplier',
    'Customer',
    'WBSElementInternalID',
    'SDDocument',
    'SDDocumentItem',
    'InventorySpecialStockType',
    'InventoryStockType',
  ],
  properties: [
    text('Material', 's.material', 40),
    text('Plant', 's.plant', 4),
    text('StorageLocation', 's.storage_location', 4),
    blank('Batch'),
    blank('Supplier'),
    blank('Customer'),
    blank('WBSElementInternalID', '00000000'),
    blank('SDDocument'),
    blank('SDDocumentItem', '000000'),
    blank('InventorySpecialStockType'),
    text('InventoryStockType', 's.stock_type', 2),
    text('MaterialBaseUnit', "'PC'", 3),
    quantity('MatlWrhsStkQtyInMatlBaseUnit', 's.quantity'),
  ],
  navigations: [],
};

export const PLANT: EntitySetDef = {
  service: 'API_PLANT_SRV',
  name: 'A_Plant',
  entityType: 'A_PlantType',
  from: 'plant p',
  keys: ['Plant'],
  properties: [
    text('Plant', 'p.plant', 4),
    text('PlantName', 'p.name', 30),
    text('PlantCategory', 'p.category', 5),
    text('StreetName', 'p.street', 60),
    text('CityName', 'p.city', 40),
    text('Country', 'p.country', 3),
    { name: 'YY1_Latitude', type: 'Edm.Decimal', sql: 'p.latitude', scale: 6 },
    { name: 'YY1_Longitude', type: 'Edm.Decimal', sql: 'p.longitude', scale: 6 },
  ],
  navigations: [],
};

export const RESERVATION_HEADER: EntitySetDef = {
  service: 'API_RESERVATION_DOCUMENT_SRV',
  name: 'A_ReservationDocumentHeader',
  entityType: 'A_ReservationDocumentHeaderType',
  from: 'reservation r',
  keys: ['Reservation'],
  properties: [
    numc('Reservation', 'r.reservation', 10),
    date('ReservationDate', 'r.reservation_date'),
    text('GoodsMovementType', 'r.movement_type', 3),
    text('GoodsRecipientName', 'r.goods_recipient', 12),
  ],
  navigations: [{ name: 'to_ReservationDocumentItem', target: 'A_ReservationDocumentItem', on: [['Reservation', 'Reservation']] }],
};

export const RESERVATION_ITEM: EntitySetDef = {
  service: 'API_RESERVATION_DOCUMENT_SRV',
  name: 'A_ReservationDocumentItem',
  entityType: 'A_ReservationDocumentItemType',
  from: 'reservation_item i',
  keys: ['Reservation', 'ReservationItem'],
  properties: [
    numc('Reservation', 'i.reservation', 10),
    numc('ReservationItem', 'i.item', 4),
    text('Material', 'i.material', 40),
    text('Plant', 'i.plant', 4),
    text('StorageLocation', 'i.storage_location', 4),
    blank('Batch'),
    quantity('ResvnItmRequiredQtyInBaseUnit', 'i.required_qty'),
    text('BaseUnit', "'PC'", 3),
    date('MatlCompRequirementDate', 'i.requirement_date'),
    text('GoodsMovementType', 'i.movement_type', 3),
    quantity('ResvnItmWithdrawnQtyInBaseUnit', 'i.withdrawn_qty'),
    flag('ReservationItmIsMarkedForDeltn', 'i.marked_for_deletion'),
    flag('ReservationItemIsFinallyIssued', 'i.finally_issued'),
    text('GoodsRecipientName', 'i.goods_recipient', 12),
  ],
  navigations: [],
};

// SAP keeps the creation date and time (system time, UTC+7) of a material document apart.
const localCreation = `(h.created_at + ${SYSTEM_UTC_OFFSET_MS})`;

export const MATERIAL_DOCUMENT_HEADER: EntitySetDef = {
  service: 'API_MATERIAL_DOCUMENT_SRV',
  name: 'A_MaterialDocumentHeader',
  entityType: 'A_MaterialDocumentHeaderType',
  from: 'material_document h',
  keys: ['MaterialDocumentYear', 'MaterialDocument'],
  properties: [
    text('MaterialDocumentYear', 'h.year', 4),
    numc('MaterialDocument', 'h.document', 10),
    date('DocumentDate', 'h.document_date'),
    date('PostingDate', 'h.posting_date'),
    text('MaterialDocumentHeaderText', 'h.header_text', 25),
    text('ReferenceDocument', 'h.reference_document', 16),
    text('GoodsMovementCode', 'h.movement_code', 2),
    text('CreatedByUser', 'h.created_by', 12),
    date('CreationDate', `(${localCreation} / 86400000) * 86400000`),
    { name: 'CreationTime', type: 'Edm.Time', sql: `(${localCreation} % 86400000) / 1000` },
  ],
  navigations: [
    {
      name: 'to_MaterialDocumentItem',
      target: 'A_MaterialDocumentItem',
      on: [
        ['MaterialDocumentYear', 'MaterialDocumentYear'],
        ['MaterialDocument', 'MaterialDocument'],
      ],
    },
  ],
};

export const MATERIAL_DOCUMENT_ITEM: EntitySetDef = {
  service: 'API_MATERIAL_DOCUMENT_SRV',
  name: 'A_MaterialDocumentItem',
  entityType: 'A_MaterialDocumentItemType',
  from: 'material_document_item d',
  keys: ['MaterialDocumentYear', 'MaterialDocument', 'MaterialDocumentItem'],
  properties: [
    text('MaterialDocumentYear', 'd.year', 4),
    numc('MaterialDocument', 'd.document', 10),
    numc('MaterialDocumentItem', 'd.item', 4),
    text('Material', 'd.material', 40),
    text('Plant', 'd.plant', 4),
    text('StorageLocation', 'd.storage_location', 4),
    blank('Batch'),
    text('GoodsMovementType', 'd.movement_type', 3),
    text('InventoryStockType', 'd.stock_type', 2),
    blank('InventorySpecialStockType'),
    text('DebitCreditCode', 'd.debit_credit', 1),
    quantity('QuantityInEntryUnit', 'd.quantity'),
    text('EntryUnit', "'PC'", 3),
    quantity('QuantityInBaseUnit', 'd.quantity'),
    text('MaterialBaseUnit', "'PC'", 3),
    text('IssuingOrReceivingPlant', 'd.counter_plant', 4),
    text('IssuingOrReceivingStorageLoc', 'd.counter_storage_location', 4),
    numc('Reservation', 'd.reservation', 10),
    numc('ReservationItem', 'd.reservation_item', 4),
    text('MaterialDocumentItemText', 'd.item_text', 50),
  ],
  navigations: [],
};

export const SERVICES: ServiceDef[] = [
  { name: 'API_MATERIAL_STOCK_SRV', entitySets: [STOCK] },
  { name: 'API_PLANT_SRV', entitySets: [PLANT] },
  { name: 'API_RESERVATION_DOCUMENT_SRV', entitySets: [RESERVATION_HEADER, RESERVATION_ITEM] },
  { name: 'API_MATERIAL_DOCUMENT_SRV', entitySets: [MATERIAL_DOCUMENT_HEADER, MATERIAL_DOCUMENT_ITEM] },
];
