import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { useChannels } from '../api/queries';
import { safeHttpUrl } from '../lib/safe-url';
import { useSession } from '../session';
import { useListeningQueries, useMentions, type Mention } from './api';
import { labelOf, languageName, lt, type ListeningKey } from './strings';
import { dateTime } from '../lib/time';

const SOURCES = ['rss', 'reddit', 'mastodon', 'x', 'x_stream', 'bluesky', 'youtube', 'channels'];

/** The mentions feed: filters like the inbox, and engage / observe / irrelevant on each post. */
export function MentionsFeed() {
  const [filters, setFilters] = useState<Record<string, string>>({ status: 'new' });
  const [text, setText] = useState('');
  const feed = useMentions(filters);
  const queries = useListeningQueries();
  const set = (k: string, v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const select = (k: string, label: ListeningKey, options: Array<[string, string]>) => (
    <label className="field-inline">
      {lt(label)}
      <select aria-label={lt(label)} value={filters[k] ?? ''} onChange={(e) => set(k, e.target.value)}>
        <option value="">{lt('any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  const mentions = feed.data?.pages.flatMap((p) => p.mentions) ?? [];
  return (
    <section className="card listening-feed">
      <form
        className="listening-filters"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', text);
        }}
      >
        {select(
          'query',
          'filterQuery',
          (queries.data ?? []).map((q) => [q.id, q.name]),
        )}
        {select(
          'source',
          'filterSource',
          SOURCES.map((s) => [s, labelOf('source', s)]),
        )}
        {select('suggestion', 'filterSuggestion', [
          ['engage', lt('engage')],
          ['observe', lt('observe')],
        ])}
        {select(
          'status',
          'filterStatus',
          (['new', 'engaged', 'observed', 'irrelevant'] as const).map((s) => [s, lt(`status_${s}`)]),
        )}
        {select('sentiment', 'filterSentiment', [
          ['negative', lt('sent_negative')],
          ['neutral', lt('sent_neutral')],
          ['positive', lt('sent_positive')],
        ])}
        <label className="field-inline">
          {lt('filterLang')}
          <input aria-label={lt('filterLang')} size={4} value={filters.lang ?? ''} onChange={(e) => set('lang', e.target.value.trim())} />
        </label>
        <input
          type="search"
          className="queue-search"
          aria-label={lt('filterText')}
          placeholder={lt('filterText')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => set('q', text)}
        />
      </form>
      {feed.isPending && <p className="muted">{lt('loading')}</p>}
      {!feed.isPending && !mentions.length && <p className="muted">{lt('empty')}</p>}
      <ul className="listening-list">
        {mentions.map((m) => (
          <MentionRow key={m.id} m={m} />
        ))}
      </ul>
      {feed.hasNextPage && (
        <button className="btn ghost" onClick={() => void feed.fetchNextPage()}>
          {lt('more')}
        </button>
      )}
    </section>
  );
}

function MentionRow({ m }: { m: Mention }) {
  const { can } = useSession();
  const qc = useQueryClient();
  const channels = useChannels();
  const usable = (channels.data?.channels ?? []).filter((c) => c.status === 'active' && c.capabilities.kinds.includes('mention'));
  const [channelId, setChannelId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (verb: 'engage' | 'observe' | 'irrelevant') => {
    setError(null);
    try {
      await post(`/listening/mentions/${m.id}/${verb}`, verb === 'engage' ? { channelId: channelId || usable[0]?.id } : {});
      void qc.invalidateQueries({ queryKey: ['listening'] });
    } catch (e) {
      setError(errorText(e));
    }
  };
  // Stored links are checked on intake; rows stored before that check may still hold anything.
  const link = safeHttpUrl(m.post.url);
  return (
    <li className={`listening-item suggest-${m.suggestion}`} data-testid="mention">
      <div className="row-top">
        <span className={`chip suggestion ${m.suggestion}`} data-testid="suggestion">
          {lt(`suggestion_${m.suggestion}`)}
        </span>
        <span className="chip" data-testid="mention-source">
          {labelOf('source', m.source)}
        </span>
        <strong>{m.post.authorName ?? m.post.author ?? '—'}</strong>
        {link && (
          <a className="link-btn" href={link.href} target="_blank" rel="noreferrer noopener">
            {link.hostname}
          </a>
        )}
        <span className="spacer" />
        <time className="muted small" dateTime={m.post.postedAt} data-testid="mention-date">
          {dateTime(m.post.postedAt)}
        </time>
        <span className="status-pill" data-testid="mention-status">
          {lt(`status_${m.status}`)}
        </span>
      </div>
      <p className="pre">{m.post.text}</p>
      <p className="muted small">
        {lt('matched', { names: m.queries.map((q) => q.name).join(', ') })} ·{' '}
        {[languageName(m.lang), labelOf('sent', m.sentiment), labelOf('intent', m.intent)].filter(Boolean).join(' · ')}
        {m.trollScore !== null && m.trollScore >= 0.4 ? ` · ${lt('trollScore', { score: m.trollScore.toFixed(2) })}` : ''}
      </p>
      <p className="muted small">{lt('why', { reason: m.suggestionReason })}</p>
      <div className="row">
        {m.conversationId ? (
          <Link href={`/inbox/all/${m.conversationId}`} className="btn ghost small">
            {lt('openConversation')}
          </Link>
        ) : (
          can('listening.use') &&
          usable.length > 0 && (
            <>
              <label className="sr-only" htmlFor={`ch-${m.id}`}>
                {lt('engageOn')}
              </label>
              <select id={`ch-${m.id}`} value={channelId || usable[0]!.id} onChange={(e) => setChannelId(e.target.value)}>
                {usable.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <button className="btn primary small" onClick={() => void act('engage')}>
                {lt('engage')}
              </button>
            </>
          )
        )}
        {can('listening.use') && m.status !== 'observed' && m.status !== 'engaged' && (
          <button className="btn ghost small" onClick={() => void act('observe')}>
            {lt('observe')}
          </button>
        )}
        {can('listening.use') && m.status !== 'irrelevant' && (
          <button className="btn ghost small" onClick={() => void act('irrelevant')}>
            {lt('irrelevant')}
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
