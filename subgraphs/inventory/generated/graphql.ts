import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { LocationReference, NearbyStore, VariantStock, StockFigures } from '../model';
import { Context } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in ISO 8601 with its zone offset, e.g. 2026-11-20T10:30:00+07:00. */
  DateTime: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type GeoPoint = {
  __typename?: 'GeoPoint';
  latitude: Scalars['Float']['output'];
  longitude: Scalars['Float']['output'];
};

/** A point to search near: latitude and longitude in degrees (WGS 84). */
export type GeoPointInput = {
  latitude: Scalars['Float']['input'];
  longitude: Scalars['Float']['input'];
};

export type Location = {
  __typename?: 'Location';
  coordinates: GeoPoint;
  id: Scalars['ID']['output'];
  kind: LocationKind;
};

export type LocationKind =
  | 'STORE'
  | 'WAREHOUSE';

export type NearbyStock = {
  __typename?: 'NearbyStock';
  /** Units a customer can buy there now. */
  available: Scalars['Int']['output'];
  distanceKm: Scalars['Float']['output'];
  location: Location;
  stockLevel: StockLevel;
};

export type ProductVariant = {
  __typename?: 'ProductVariant';
  /** Stores nearest to a point that have at least `minimumQuantity` available now, nearest first. */
  nearbyAvailability?: Maybe<Array<NearbyStock>>;
  sku: Scalars['String']['output'];
  stockLevels?: Maybe<Array<StockLevel>>;
};


export type ProductVariantNearbyAvailabilityArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  minimumQuantity?: InputMaybe<Scalars['Int']['input']>;
  near: GeoPointInput;
  radiusKm?: InputMaybe<Scalars['Float']['input']>;
};

export type StockLevel = {
  __typename?: 'StockLevel';
  /** When these figures were computed. */
  asOf: Scalars['DateTime']['output'];
  /** Units a customer can buy now: on hand less reserved, never below zero. */
  available: Scalars['Int']['output'];
  erpOnHand: Scalars['Int']['output'];
  erpReserved: Scalars['Int']['output'];
  location: Location;
  locationId: Scalars['ID']['output'];
  /** Units physically there now: the warehouse system's figure less store sales it has not booked. */
  onHand: Scalars['Int']['output'];
  /** Units held for open orders. */
  reserved: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  unpostedSales: Scalars['Int']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Location: Location;
  ProductVariant: ProductVariant;
  StockLevel: StockLevel;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Location:
    ( { __typename: 'Location' }
    & GraphQLRecursivePick<FederationTypes['Location'], {"id":true}> );
  ProductVariant:
    ( { __typename: 'ProductVariant' }
    & GraphQLRecursivePick<FederationTypes['ProductVariant'], {"sku":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['ProductVariant'], {"stockLevels":{"locationId":true,"erpOnHand":true,"erpReserved":true,"unpostedSales":true,"location":{"kind":true,"coordinates":{"latitude":true,"longitude":true}}}}> ) );
  StockLevel:
    ( { __typename: 'StockLevel' }
    & GraphQLRecursivePick<FederationTypes['StockLevel'], {"sku":true,"locationId":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpOnHand":true,"erpReserved":true,"unpostedSales":true}>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpOnHand":true,"erpReserved":true,"unpostedSales":true}>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpOnHand":true,"erpReserved":true,"unpostedSales":true}>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpOnHand":true,"erpReserved":true,"unpostedSales":true}>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpOnHand":true,"unpostedSales":true}>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpOnHand":true,"unpostedSales":true,"erpReserved":true}>
        | GraphQLRecursivePick<FederationTypes['StockLevel'], {"erpReserved":true}> ) );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  GeoPoint: ResolverTypeWrapper<GeoPoint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GeoPointInput: GeoPointInput;
  Location: ResolverTypeWrapper<LocationReference>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  LocationKind: LocationKind;
  NearbyStock: ResolverTypeWrapper<NearbyStore>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ProductVariant: ResolverTypeWrapper<VariantStock>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  StockLevel: ResolverTypeWrapper<StockFigures>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  GeoPoint: GeoPoint;
  Float: Scalars['Float']['output'];
  GeoPointInput: GeoPointInput;
  Location: LocationReference;
  ID: Scalars['ID']['output'];
  NearbyStock: NearbyStore;
  Int: Scalars['Int']['output'];
  ProductVariant: VariantStock;
  String: Scalars['String']['output'];
  StockLevel: StockFigures;
  Boolean: Scalars['Boolean']['output'];
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type GeoPointResolvers<ContextType = Context, ParentType extends ResolversParentTypes['GeoPoint'] = ResolversParentTypes['GeoPoint']> = ResolversObject<{
  latitude?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  longitude?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type LocationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Location'] = ResolversParentTypes['Location'], FederationReferenceType extends FederationReferenceTypes['Location'] = FederationReferenceTypes['Location']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Location']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type NearbyStockResolvers<ContextType = Context, ParentType extends ResolversParentTypes['NearbyStock'] = ResolversParentTypes['NearbyStock']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  distanceKm?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  location?: Resolver<ResolversTypes['Location'], ParentType, ContextType>;
  stockLevel?: Resolver<ResolversTypes['StockLevel'], ParentType, ContextType>;
}>;

export type ProductVariantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariant'] = ResolversParentTypes['ProductVariant'], FederationReferenceType extends FederationReferenceTypes['ProductVariant'] = FederationReferenceTypes['ProductVariant']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ProductVariant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  nearbyAvailability?: Resolver<Maybe<Array<ResolversTypes['NearbyStock']>>, ParentType, ContextType, RequireFields<ProductVariantNearbyAvailabilityArgs, 'first' | 'minimumQuantity' | 'near' | 'radiusKm'>>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StockLevelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockLevel'] = ResolversParentTypes['StockLevel'], FederationReferenceType extends FederationReferenceTypes['StockLevel'] = FederationReferenceTypes['StockLevel']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['StockLevel']> | FederationReferenceType, FederationReferenceType, ContextType>;
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  locationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  onHand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  GeoPoint?: GeoPointResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  NearbyStock?: NearbyStockResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  StockLevel?: StockLevelResolvers<ContextType>;
}>;

