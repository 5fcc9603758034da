import { Link } from 'wouter';
import { ContactPage } from './contact-page';
import { Directory } from './directory';
import { ct } from './strings';
import './contacts.css';

/** /contacts (the directory) and /contacts/:id (one person across channels). */
export default function Contacts({ id }: { id?: string }) {
  return (
    <div className="settings contacts-screen">
      <nav className="settings-nav" aria-label={ct('title')}>
        <Link href="/inbox/all" className="link-btn">
          ← {ct('back')}
        </Link>
        <h1>
          <Link href="/contacts">{ct('title')}</Link>
        </h1>
      </nav>
      <main className="settings-body">{id ? <ContactPage key={id} id={id} /> : <Directory />}</main>
    </div>
  );
}
