using Tamper.Cli;
using Tamper.Native;

// native decoders print on stderr: caught first, so their lines reach the user folded into the file's own line
NativeStderr.Install();
return CliApp.Run(args, CliConsole.System());
