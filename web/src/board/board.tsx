import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../api/client';
import { errorText } from '../api/error-text';
import { t, type MessageKey } from '../i18n';
import { duration } from '../lib/time';
import { type BoardTeam, type Kind, KIND_LIST, useBoard } from './api';
import './board.css';

/**
 * The lead's live board (/board): per team, its agents with status and load against capacity,
 * and its queue with the oldest wait. The live stream invalidates it as conversations and
 * availability move (realtime/stream.ts), and the waits move on by themselves.
 */
export default function Board() {
  const board = useBoard();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  // Ages are counted on the server's clock: a browser whose clock is off still shows the right wait.
  const skew = board.data ? board.data.now - board.dataUpdatedAt : 0;
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label={t('board.title')}>
        <Link href="/inbox/all" className="link-btn">
          ← {t('board.back')}
        </Link>
        <h1>{t('board.title')}</h1>
      </nav>
      <main className="settings-body board">
        {board.error && <p role="alert">{board.error instanceof ApiError && board.error.status === 403 ? t('board.forbidden') : errorText(board.error)}</p>}
        {board.data && !board.data.teams.length && <p className="muted">{t('board.empty')}</p>}
        {board.data?.teams.map((team) => (
          <TeamCard key={team.id} team={team} now={now + skew} />
        ))}
      </main>
    </div>
  );
}

const kindsIn = (team: BoardTeam): Kind[] => KIND_LIST.filter((k) => team.agents.some((a) => a.capacity[k] !== undefined || (a.load[k] ?? 0) > 0));

function TeamCard({ team, now }: { team: BoardTeam; now: number }) {
  const kinds = kindsIn(team);
  return (
    <section className="card board-team" aria-label={team.name}>
      <h2>
        {team.name} <span className="muted small">{t(`board.mode.${team.mode}` as MessageKey)}</span>
      </h2>
      <p className="board-waiting" data-testid={`waiting-${team.name}`}>
        <strong>{t('board.waiting', { n: team.waiting.count })}</strong>
        {team.waiting.oldestSince !== null && <> · {t('board.oldest', { age: duration(Math.max(0, now - team.waiting.oldestSince)) })}</>}
      </p>
      {team.agents.length ? (
        <table className="board-table" aria-label={t('board.agents', { team: team.name })}>
          <thead>
            <tr>
              <th>{t('board.agent')}</th>
              <th>{t('board.status')}</th>
              {kinds.map((k) => (
                <th key={k}>{t(`kind.${k}` as MessageKey)}</th>
              ))}
              <th>{t('board.load')}</th>
            </tr>
          </thead>
          <tbody>
            {team.agents.map((a) => (
              <tr key={a.userId}>
                <td>{a.name}</td>
                <td>
                  <span className={`avail-dot ${a.status}`} aria-hidden="true" /> {t(`availability.${a.status}` as MessageKey)}
                </td>
                {kinds.map((k) => {
                  const n = a.load[k] ?? 0;
                  const cap = a.capacity[k];
                  return (
                    <td key={k} className={cap !== undefined && n >= cap ? 'board-load full' : 'board-load'}>
                      {cap !== undefined ? `${n} / ${cap}` : `${n} (${t('board.unlimited')})`}
                    </td>
                  );
                })}
                <td>{a.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('board.noMembers')}</p>
      )}
      {team.waiting.items.length ? (
        <ul className="plain" aria-label={t('board.waitingList', { team: team.name })}>
          {team.waiting.items.map((w) => (
            <li key={w.id}>
              <Link href={`/inbox/team-${team.id}/${w.id}`}>{w.subject || t('board.noSubject')}</Link>{' '}
              <span className="muted small">
                {t(`kind.${w.kind}` as MessageKey)} · {duration(Math.max(0, now - w.since))}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('board.noneWaiting')}</p>
      )}
    </section>
  );
}
