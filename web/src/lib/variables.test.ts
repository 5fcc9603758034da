import { describe, expect, it } from 'vitest';
import { fillVariables, unfilledVariables } from './variables';
import { countLength } from './length';

describe('saved-reply variables', () => {
  const ctx = { contact: { name: 'Ana Lima', attributes: { order: 'A-7781', vip: true } }, agent: { name: 'Olivia Owner' } };

  it('fills contact, agent and attribute variables', () => {
    const r = fillVariables('Hi {{contact.first_name}}, order {{ contact.attributes.order }} ({{contact.name}}). — {{agent.first_name}}', ctx);
    expect(r).toEqual({ text: 'Hi Ana, order A-7781 (Ana Lima). — Olivia', missing: [] });
  });

  it('fills e-mail, phone and custom attributes by their short name', () => {
    const r = fillVariables('{{contact.email}} {{contact.phone}} {{contact.plan}} {{contact.vip}} {{contact.tier}}', {
      ...ctx,
      contact: { name: 'Ana', email: 'ana@example.com', phone: '+14155550100', attributes: { plan: 'pro', vip: true } },
    });
    expect(r).toEqual({ text: 'ana@example.com +14155550100 pro true {{contact.tier}}', missing: ['contact.tier'] });
  });

  it('leaves unknown or empty variables visible and reports them', () => {
    const r = fillVariables('Hi {{contact.first_name}}, your {{contact.attributes.plan}} plan {{foo.bar}}', {
      ...ctx,
      contact: { name: null, attributes: {} },
    });
    expect(r.text).toBe('Hi {{contact.first_name}}, your {{contact.attributes.plan}} plan {{foo.bar}}');
    expect(r.missing).toEqual(['contact.first_name', 'contact.attributes.plan', 'foo.bar']);
    expect(unfilledVariables(r.text)).toEqual(['contact.first_name', 'contact.attributes.plan', 'foo.bar']);
  });
});

describe('length counting (shared with the server)', () => {
  it('counts the way the channel counts', () => {
    expect(countLength('héllo 👋', 'codepoints')).toBe(7);
    expect(countLength('héllo 👋', 'utf16')).toBe(8);
    expect(countLength('你好', 'twitter-weighted')).toBe(4);
    expect(countLength('see https://example.com/a/very/long/path/indeed', 'twitter-weighted')).toBe(4 + 23);
  });
});
