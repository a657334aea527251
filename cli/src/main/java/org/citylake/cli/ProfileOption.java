package org.citylake.cli;

import org.citylake.warehouse.Profile;
import picocli.CommandLine.Option;

/** The {@code --profile} option shared by every command that touches the lake. */
final class ProfileOption {
    @Option(names = "--profile", defaultValue = "${env:CITYLAKE_PROFILE:-local}",
            description = "Deployment profile from conf/profiles (default: ${DEFAULT-VALUE}).")
    String name;

    Profile load() {
        return Profile.load(name);
    }
}
