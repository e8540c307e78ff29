import { GraphQLError } from 'graphql';
import type { Context } from './context';
import type { Resolvers } from './generated/graphql';
import { reportOf, selectionOf, storesReached } from './report';

export const resolvers: Resolvers<Context> = {
  Query: {
    channelKpis: async (_parent, question, context) => {
      const selection = selectionOf(question, storesReached(context.caller, question.locationIds));
      if (context.kpis === null)
        throw new GraphQLError('The sales figures are still being gathered from the systems; try again shortly.', {
          extensions: { code: 'KPIS_UNAVAILABLE' },
        });
      return reportOf(question, selection, await context.kpis.aggregate(selection), context.currency);
    },
  },
};
