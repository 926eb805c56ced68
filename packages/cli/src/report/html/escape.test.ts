import { assertInlinable, escapeHtml, jsonForScript } from './escape';
import { breakable, html, trusted } from './html';

describe('escapeHtml', () => {
  it('escapes the five characters that can change markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('html templates', () => {
  it('escape every interpolated value unless it is markup built by html or trusted', () => {
    const name = '</script><img src=x onerror=alert(1)>';
    const out = html`<p>${name}</p>${html`<b>${name}</b>`}${trusted('<i>ok</i>')}`.value;
    expect(out).toBe(
      '<p>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p><b>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</b><i>ok</i>',
    );
  });

  it('insert nothing for false, null and undefined, and join lists', () => {
    expect(html`${false}${null}${undefined}${['<', html`<br>`, 2]}`.value).toBe('&lt;<br>2');
  });

  it('let ids wrap after their separators and between camel-cased words, escaped', () => {
    expect(breakable('a.b-c<d').value).toBe('a.<wbr>b-<wbr>c&lt;d');
    expect(breakable('LambdaCanary10Percent5Minutes').value).toBe(
      'Lambda<wbr>Canary10<wbr>Percent5<wbr>Minutes',
    );
    expect(breakable('ALARM_ACTIVE').value).toBe('ALARM_<wbr>ACTIVE');
  });
});

describe('jsonForScript', () => {
  it('cannot end its script element or open a comment, and reads back as the same value', () => {
    const value = { message: '</script><script>alert(1)</script> <!-- x --> a\u2028b\u2029c & >' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<\/script|<!--|[<>\u2028\u2029]/i);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('assertInlinable', () => {
  it('refuses a script that would end its element early', () => {
    expect(() => assertInlinable('var a = "</SCRIPT>";', 'script', 'x.js')).toThrow(/x\.js holds/);
    expect(() => assertInlinable('a{b:c} <!--', 'style', 'x.css')).toThrow(/x\.css holds/);
    expect(assertInlinable('var a = 1 < 2;', 'script', 'x.js')).toBe('var a = 1 < 2;');
  });
});
