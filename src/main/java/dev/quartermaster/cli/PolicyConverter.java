package dev.quartermaster.cli;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.engine.policy.Policy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --policy NAME}; an unknown name is a usage error that lists the known ones. */
final class PolicyConverter implements ITypeConverter<Policy> {

    @Override
    public Policy convert(String name) {
        try {
            return Policies.byName(name);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
