package io.animus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code animus --version}: the version the build wrote into {@code animus-cli.properties}. */
public class Version implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/animus-cli.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] { "animus " + properties.getProperty("version", "unknown") };
    }
}
