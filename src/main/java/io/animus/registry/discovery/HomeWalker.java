package io.animus.registry.discovery;

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
final class HomeWalker {

    static final String MANIFEST = "manifest.json";

    /** Walks {@code home}; never throws for what it finds on disk. */
    HomeWalk walk(Path home) {
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
            Path rootReal = inside(homeReal.resolve(root), root + "/", homeReal, walk, true);
            if (rootReal == null) {
                walk.held.hold(root + "/");
                continue;
            }
            List<Path> entries = list(rootReal, root + "/", walk, true);
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
    HomeWalk checkRoots(Path home) {
        HomeWalk walk = new HomeWalk(home);
        Path homeReal = homeReal(home, walk);
        for (Location location : Location.values()) {
            String root = location.root();
            if (homeReal == null) {
                walk.roots.put(root, "the Animus home is not usable");
            } else if (inside(homeReal.resolve(root), root + "/", homeReal, walk, true) != null) {
                if (!Files.isDirectory(homeReal.resolve(root))) {
                    walk.roots.put(root, "not a folder");
                } else if (Files.isReadable(homeReal.resolve(root)) && Files.isExecutable(homeReal.resolve(root))) {
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
        Path agentReal = inside(agentFolder, prefix, homeReal, walk, false);
        if (agentReal == null) {
            walk.held.hold(prefix);
            return;
        }
        if (!Files.isDirectory(agentReal)) {
            return;
        }
        Path modules = agentReal.resolve("modules");
        Path modulesReal = inside(modules, prefix + "modules/", homeReal, walk, false);
        if (modulesReal == null) {
            walk.held.hold(prefix);
            return;
        }
        if (!Files.exists(modulesReal)) {
            return;
        }
        List<Path> entries = list(modulesReal, prefix + "modules/", walk, false);
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
        Path folderReal = inside(entry, prefix, homeReal, walk, false);
        if (folderReal == null) {
            walk.held.hold(prefix);
            return;
        }
        if (!Files.isDirectory(folderReal)) {
            return;
        }
        String path = prefix + MANIFEST;
        Path manifestReal = inside(folderReal.resolve(MANIFEST), path, homeReal, walk, false);
        if (manifestReal == null) {
            walk.held.hold(path);
            return;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(manifestReal, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            walk.problem(path, "cannot be read (" + reason(e) + ")");
            walk.held.hold(path);
            return;
        }
        if (!attributes.isRegularFile()) {
            walk.problem(path, "is not a regular file");
            walk.held.hold(path);
            return;
        }
        walk.manifests.add(new ManifestFile(path, location, agentFolder, manifestReal));
    }

    /**
     * The real path of {@code entry}, whose parent's real path is inside the home; NULL, with a
     * problem recorded, when it is a link that loops, dangles or leads outside the home, or when
     * a required entry (a root) is missing. A missing optional entry is returned as is.
     */
    private static Path inside(Path entry, String path, Path homeReal, HomeWalk walk, boolean required) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (required) {
                walk.problem(path, "is missing; nothing under it was changed");
                walk.roots.put(path.substring(0, path.length() - 1), "missing");
                return null;
            }
            return entry;
        } catch (IOException e) {
            walk.problem(path, "cannot be read (" + reason(e) + ")" + (required ? "; nothing under it was changed" : ""));
            if (required) {
                walk.roots.put(path.substring(0, path.length() - 1), "cannot be read");
            }
            return null;
        }
        if (!attributes.isSymbolicLink()) {
            return entry;
        }
        String refused = null;
        Path real = null;
        try {
            real = entry.toRealPath();
            if (!real.startsWith(homeReal)) {
                refused = "is a symbolic link that leads outside the Animus home (to " + real + "); it is not followed";
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
        return real;
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
