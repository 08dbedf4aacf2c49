import { enrollCommand, shellQuote } from './enroll-command';

describe(enrollCommand.name, () => {
  it('shows the enroll command with the console address and the token', () => {
    expect(enrollCommand('https://rampart.example.com', 'tok_123')).toBe(
      'npm run -s agent -- enroll --console https://rampart.example.com --token tok_123',
    );
  });

  it('quotes a hostile token so the shell runs nothing from it', () => {
    expect(shellQuote("x'; rm -rf / #")).toBe(`'x'\\''; rm -rf / #'`);
    expect(shellQuote('$(reboot)')).toBe(`'$(reboot)'`);
  });
});
