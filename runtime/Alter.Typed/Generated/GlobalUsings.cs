// The runtime drives the generator-facing types in many places (the sender, the client base): one using for the project.
global using Alter.Typed.Generated;
