import { Route, Routes } from 'react-router';
import { Customer360 } from './Customer360';
import { CustomerSearch } from './CustomerSearch';
import './agent.css';

/** The call center's customer screen: finding who is calling (/customers), then their 360 at its own URL (/customers/:customerId). */
export function AgentScreen() {
  return (
    <div className="agent">
      <Routes>
        <Route index element={<CustomerSearch />} />
        <Route path=":customerId" element={<Customer360 />} />
      </Routes>
    </div>
  );
}
