import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { post } from '../api/client';
import { useSession } from '../session';
import { useFeedback } from './api';
import { rt } from './strings';

const FACES: Record<number, string> = { 1: '😞', 2: '😐', 3: '😀' };

/** The latest survey answers, newest first; agents mark a CSAT answer "wow" (in the manner of Hively). */
export function Feedback() {
  const list = useFeedback();
  const qc = useQueryClient();
  const { can } = useSession();
  async function toggle(id: string, wow: boolean) {
    await post(`/surveys/${id}/wow`, { wow });
    void qc.invalidateQueries({ queryKey: ['reports', 'feedback'] });
  }
  return (
    <section className="report-feedback" data-testid="feedback">
      <h2>{rt('feedback.title')}</h2>
      {list.data?.length === 0 && <p className="muted">{rt('feedback.empty')}</p>}
      <ul>
        {(list.data ?? []).map((s) => (
          <li key={s.id} className="feedback-item">
            <span className="feedback-score" aria-label={rt('feedback.score', { score: s.score })}>
              {s.kind === 'csat' ? FACES[s.score] : `${s.kind.toUpperCase()} ${s.score}`}
            </span>
            <span className="feedback-comment">{s.comment ?? ''}</span>
            <time className="muted small" dateTime={s.answeredAt}>
              {new Date(s.answeredAt).toLocaleString()}
            </time>
            <Link href={`/inbox/all/${s.conversationId}`} className="link-btn">
              {rt('feedback.open')}
            </Link>
            {s.kind === 'csat' && can('conversations.triage') && (
              <button className={s.wow ? 'btn wow on' : 'btn wow'} aria-pressed={s.wow} onClick={() => void toggle(s.id, !s.wow)}>
                ★ {s.wow ? rt('feedback.unwow') : rt('feedback.wow')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
