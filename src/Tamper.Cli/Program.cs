using Tamper.Cli;

return CliApp.Run(args, CliConsole.System());
