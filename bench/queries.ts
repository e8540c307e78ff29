/** The public gateways benchmark's deep query: users and topProducts, five levels of entities. */
const FRAGMENTS = /* GraphQL */ `
  fragment User on User {
    id
    username
    name
  }
  fragment Review on Review {
    id
    body
  }
  fragment Product on Product {
    inStock
    name
    price
    shippingEstimate
    upc
    weight
  }
`;

const SELECTION = /* GraphQL */ `
  {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
`;

const PRODUCT_SELECTION = /* GraphQL */ `
  {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
`;

export const DEEP_QUERY = `query TestQuery { users ${SELECTION} topProducts ${PRODUCT_SELECTION} }\n${FRAGMENTS}`;

/** The same shape with both list sizes as variables: each request may differ. */
export const VARIED_QUERY = `query TestQuery($users: Int, $products: Int) { users(first: $users) ${SELECTION} topProducts(first: $products) ${PRODUCT_SELECTION} }\n${FRAGMENTS}`;
