package io.animus.registry.discovery.home;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the manifests of the seed's three places, and nothing else:
 * {@code agents/*}{@code /modules/*}{@code /manifest.json}, {@code tools/*}{@code /manifest.json} and
 * {@code plugins/*}{@code /manifest.json}.
 * <p>
 * It lists those fixed levels with directory streams rather than walking the tree, so a link that
 * points back up cannot make it descend forever. A symbolic link is followed only when its target
 * stays inside the home's real path; a link that leads out, that loops, or whose target is missing
 * is reported and the entries under it are held. A missing or unreadable home or root is reported
 * and holds everything under it. Entries whose names start with a dot are ignored.
 */
public final class HomeWalker {

    static final String MANIFEST = "manifest.json";

    /** Walks {@code home}; never throws for what it finds on disk. */
    public HomeWalk walk(Path home) {
        HomeWalk walk = new HomeWalk(home);
        Path homeReal = homeReal(home, walk);
        if (homeReal == null) {
            walk.held.holdAll();
            for (Location location : Location.values()) {
                walk.roots.put(location.root(), "the Animus home is not usable");
            }
            return walk;
        }
        for (Location location : Location.values()) {
            String root = location.root();
            Entry rootEntry = inside(homeReal.resolve(root), root + "/", homeReal, walk, true);
            if (rootEntry == null) {
                walk.held.hold(root + "/");
                continue;
            }
            List<Path> entries = list(rootEntry.real(), root + "/", walk, true);
            if (entries == null) {
                walk.held.hold(root + "/");
                continue;
            }
            walk.roots.put(root, "ok");
            if (location == Location.AGENT_MODULE) {
                for (Path agentFolder : entries) {
                    agentModules(agentFolder, homeReal, walk);
                }
            } else {
                for (Path entry : entries) {
                    module(entry, root + "/" + entry.getFileName() + "/", location, null, homeReal, walk);
                }
            }
        }
        return walk;
    }

    /** Only the state of the home and its roots, for the health check: no listing below the roots. */
    public HomeWalk checkRoots(Path home) {
        HomeWalk walk = new HomeWalk(home);
        Path homeReal = homeReal(home, walk);
        for (Location location : Location.values()) {
            String root = location.root();
            if (homeReal == null) {
                walk.roots.put(root, "the Animus home is not usable");
            } else {
                Entry rootEntry = inside(homeReal.resolve(root), root + "/", homeReal, walk, true);
                if (rootEntry == null) {
                    continue;
                }
                if (!rootEntry.isDirectory()) {
                    walk.roots.put(root, "not a folder");
                } else if (Files.isReadable(rootEntry.real()) && Files.isExecutable(rootEntry.real())) {
                    walk.roots.put(root, "ok");
                } else {
                    walk.roots.put(root, "cannot be read");
                }
            }
        }
        return walk;
    }

    private static Path homeReal(Path home, HomeWalk walk) {
        try {
            Path real = home.toRealPath();
            if (!Files.isDirectory(real)) {
                walk.problem(".", "the Animus home " + home + " is not a folder; nothing was changed");
                return null;
            }
            return real;
        } catch (NoSuchFileException e) {
            walk.problem(".", "the Animus home " + home + " does not exist; nothing was changed");
        } catch (IOException e) {
            walk.problem(".", "the Animus home " + home + " cannot be used (" + reason(e) + "); nothing was changed");
        }
        return null;
    }

    private static void agentModules(Path agentFolder, Path homeReal, HomeWalk walk) {
        String folder = agentFolder.getFileName().toString();
        String prefix = "agents/" + folder + "/";
        Entry agent = inside(agentFolder, prefix, homeReal, walk, false);
        if (agent == null) {
            walk.held.hold(prefix);
            return;
        }
        if (!agent.isDirectory()) {
            return;
        }
        Entry modules = inside(agent.real().resolve("modules"), prefix + "modules/", homeReal, walk, false);
        if (modules == null) {
            walk.held.hold(prefix);
            return;
        }
        if (!modules.isDirectory()) {
            return;
        }
        List<Path> entries = list(modules.real(), prefix + "modules/", walk, false);
        if (entries == null) {
            walk.held.hold(prefix);
            return;
        }
        for (Path module : entries) {
            module(module, prefix + "modules/" + module.getFileName() + "/", Location.AGENT_MODULE, folder, homeReal, walk);
        }
    }

    /** One module folder: its manifest, if it has one, becomes a candidate. */
    private static void module(Path entry, String prefix, Location location, String agentFolder, Path homeReal, HomeWalk walk) {
        Entry folder = inside(entry, prefix, homeReal, walk, false);
        if (folder == null) {
            walk.held.hold(prefix);
            return;
        }
        if (!folder.isDirectory()) {
            return;
        }
        String path = prefix + MANIFEST;
        Entry manifest = inside(folder.real().resolve(MANIFEST), path, homeReal, walk, false);
        if (manifest == null) {
            walk.held.hold(path);
            return;
        }
        if (manifest.attributes() == null) {
            return;
        }
        if (!manifest.attributes().isRegularFile()) {
            walk.problem(path, "is not a regular file");
            walk.held.hold(path);
            return;
        }
        walk.manifests.add(new ManifestFile(path, location, agentFolder, manifest.real()));
    }

    /**
     * An entry resolved inside the home: its real path, and the attributes of what it is (of the
     * target, for a link); NULL attributes when it does not exist.
     */
    private record Entry(Path real, BasicFileAttributes attributes) {
        boolean isDirectory() {
            return attributes != null && attributes.isDirectory();
        }
    }

    /**
     * {@code entry}, whose parent's real path is inside the home, resolved; NULL, with a problem
     * recorded, when it is a link that loops, dangles or leads outside the home, when it cannot be
     * read, or when a required entry (a root) is missing. One {@code lstat} for a plain entry.
     */
    private static Entry inside(Path entry, String path, Path homeReal, HomeWalk walk, boolean required) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (required) {
                walk.problem(path, "is missing; nothing under it was changed");
                walk.roots.put(path.substring(0, path.length() - 1), "missing");
                return null;
            }
            return new Entry(entry, null);
        } catch (IOException e) {
            walk.problem(path, "cannot be read (" + reason(e) + ")" + (required ? "; nothing under it was changed" : ""));
            if (required) {
                walk.roots.put(path.substring(0, path.length() - 1), "cannot be read");
            }
            return null;
        }
        if (!attributes.isSymbolicLink()) {
            return new Entry(entry, attributes);
        }
        String refused = null;
        Path real = null;
        BasicFileAttributes target = null;
        try {
            real = entry.toRealPath();
            if (!real.startsWith(homeReal)) {
                refused = "is a symbolic link that leads outside the Animus home (to " + real + "); it is not followed";
            } else {
                target = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (NoSuchFileException e) {
            refused = "is a symbolic link whose target does not exist";
        } catch (FileSystemException e) {
            refused = isLoop(e) ? "is a symbolic link loop" : "is a symbolic link that cannot be followed (" + reason(e) + ")";
        } catch (IOException e) {
            refused = "is a symbolic link that cannot be followed (" + reason(e) + ")";
        }
        if (refused != null) {
            walk.problem(path, refused + (required || path.endsWith("/") ? "; nothing under it was changed" : ""));
            if (required) {
                walk.roots.put(path.substring(0, path.length() - 1), "refused link");
            }
            return null;
        }
        return new Entry(real, target);
    }

    /** The folder's entries, sorted by name, dot-entries left out; NULL, with a problem, when it cannot be listed. */
    private static List<Path> list(Path folder, String path, HomeWalk walk, boolean root) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                if (!entry.getFileName().toString().startsWith(".")) {
                    entries.add(entry);
                }
            }
        } catch (NotDirectoryException e) {
            walk.problem(path, "is not a folder; nothing under it was changed");
            if (root) {
                walk.roots.put(path.substring(0, path.length() - 1), "not a folder");
            }
            return null;
        } catch (IOException | SecurityException e) {
            walk.problem(path, "cannot be listed (" + reason(e) + "); nothing under it was changed");
            if (root) {
                walk.roots.put(path.substring(0, path.length() - 1), "cannot be read");
            }
            return null;
        }
        entries.sort(null);
        return entries;
    }

    private static boolean isLoop(FileSystemException e) {
        String reason = e.getReason();
        return reason != null && reason.toLowerCase().contains("too many levels of symbolic links");
    }

    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
