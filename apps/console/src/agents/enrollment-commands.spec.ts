import { enrollmentCommands, shellQuote } from './enrollment-commands';

describe(enrollmentCommands.name, () => {
  it('puts the token and the console address in the enroll command, quoted', () => {
    const commands = enrollmentCommands('tok_123', 'https://rampart.example', 'redis://r:6379');

    expect(commands.enroll).toBe(
      "npm run -s agent -- enroll --console 'https://rampart.example' --token 'tok_123' " +
        "--redis 'redis://r:6379'",
    );
  });

  it('never prints the Redis password, only a variable for it', () => {
    const commands = enrollmentCommands('t', 'http://c', 'redis://agent:s3cr3t@r:6379/0');

    expect(commands.enroll).not.toContain('s3cr3t');
    expect(commands.enroll).toContain(`'redis://agent:'"$REDIS_PASSWORD"'@r:6379/0'`);
  });
});

describe(shellQuote.name, () => {
  it('keeps a hostile value one inert word', () => {
    expect(shellQuote("x'; rm -rf / #")).toBe(`'x'\\''; rm -rf / #'`);
  });
});
