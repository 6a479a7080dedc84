using Timbre.Cli;

return CliApp.Run(args);
