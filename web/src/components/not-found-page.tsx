import { Link } from 'react-router';
import { EmptyState } from './feedback.js';

export default function NotFoundPage() {
  return (
    <EmptyState title="Page not found">
      <p>
        That page does not exist. <Link to="/">Back to the home page</Link>
      </p>
    </EmptyState>
  );
}
