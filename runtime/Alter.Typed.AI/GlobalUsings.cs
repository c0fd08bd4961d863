// The generator-facing types (operation descriptors, their tools) are this package's input.
global using Alter.Typed.Generated;
