import { Link } from 'react-router';
import { PageTitle } from './page-title.js';

export default function NotFoundPage() {
  return (
    <div className="empty-state">
      <PageTitle>Page not found</PageTitle>
      <p>
        That page does not exist. <Link to="/">Back to the home page</Link>
      </p>
    </div>
  );
}
