package dev.surrogate.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What {@link DatasetReader} needs to know of an NcML file before NetCDF-Java opens it: whether a file is NcML,
 * and which files its aggregation reads, so that each can be checked (present, complete) with a message naming it.
 */
final class NcmlFiles {
    private static final String NCML_NS = "http://www.unidata.ucar.edu/namespaces/netcdf/ncml-2.2";

    private NcmlFiles() {
    }

    /**
     * @param file a dataset path
     * @return whether it is an NcML document: named {@code *.ncml}, or an XML document whose first element is
     *         {@code netcdf}
     */
    static boolean isNcml(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ncml")) {
            return true;
        }
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8).stripLeading();
        return text.startsWith("<?xml") && text.contains("<netcdf") || text.startsWith("<netcdf");
    }

    /** @return {@link #isNcml}, false when the file cannot be read */
    static boolean isNcmlQuietly(Path file) {
        try {
            return isNcml(file);
        } catch (IOException ex) {
            return false;
        }
    }

    /**
     * The files listed by {@code <netcdf location="...">} elements of the document's aggregations, resolved
     * against the NcML file's directory as NetCDF-Java resolves them ({@code file:} URLs and absolute paths as
     * they are). Directory scans ({@code <scan>}) are not listed.
     *
     * @param ncml an NcML document
     * @return the component files, absolute, in document order
     * @throws DatasetFormatException if the document is not well-formed XML
     */
    static List<Path> components(Path ncml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(ncml.toFile());
        } catch (SAXException ex) {
            throw new DatasetFormatException(ncml + ": not a well-formed NcML document (" + ex.getMessage() + ")");
        } catch (ParserConfigurationException ex) {
            throw new IllegalStateException("no XML parser: " + ex.getMessage(), ex);
        }
        Path dir = ncml.toAbsolutePath().normalize().getParent();
        List<Path> out = new ArrayList<>();
        NodeList aggregations = doc.getElementsByTagNameNS(NCML_NS, "aggregation");
        for (int a = 0; a < aggregations.getLength(); a++) {
            NodeList nested = ((Element) aggregations.item(a)).getElementsByTagNameNS(NCML_NS, "netcdf");
            for (int i = 0; i < nested.getLength(); i++) {
                String location = ((Element) nested.item(i)).getAttribute("location");
                if (location.isEmpty()) {
                    continue;
                }
                if (location.startsWith("file:")) {
                    location = location.substring("file:".length());
                }
                Path p = Path.of(location);
                out.add((p.isAbsolute() ? p : dir.resolve(p)).normalize());
            }
        }
        return out;
    }
}
