/**
 * Deterministic in-memory data shared by the four bench subgraphs. The counts are chosen so the
 * deep query answers about 85 KB, like the public benchmark's 88 KB: each user writes
 * REVIEWS_PER_USER reviews, spread over the products by a fixed stride.
 */
export const USER_COUNT = 10;
export const PRODUCT_COUNT = 10;
const REVIEWS_PER_USER = 3;

export interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}

export interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}

export interface Review {
  id: string;
  body: string;
  authorId: string;
  productUpc: string;
}

export const users: User[] = Array.from({ length: USER_COUNT }, (_, i) => ({
  id: String(i + 1),
  name: `User Number ${i + 1}`,
  username: `user${i + 1}`,
  birthday: 1_000_000 + i * 86_400,
}));

export const products: Product[] = Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
  upc: String(i + 1),
  name: `Product ${i + 1}`,
  price: 100 + ((i * 397) % 1_500),
  weight: 50 + ((i * 131) % 900),
}));

export const reviews: Review[] = Array.from({ length: USER_COUNT * REVIEWS_PER_USER }, (_, i) => ({
  id: String(i + 1),
  body: `Review ${i + 1}: a fair product for the price, would buy it again.`,
  authorId: users[i % USER_COUNT].id,
  productUpc: products[(i * 7) % PRODUCT_COUNT].upc,
}));

export const userById = new Map(users.map((user) => [user.id, user]));
export const productByUpc = new Map(products.map((product) => [product.upc, product]));

export function reviewsBy(authorId: string): Review[] {
  return reviews.filter((review) => review.authorId === authorId);
}

export function reviewsOf(productUpc: string): Review[] {
  return reviews.filter((review) => review.productUpc === productUpc);
}
