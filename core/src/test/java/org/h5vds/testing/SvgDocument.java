package org.h5vds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A mapping picture parsed with the JDK's DOM parser (which fails on XML that is not well-formed), with queries for tests. */
public final class SvgDocument {
    public final Document doc;
    public final int bytes;

    public SvgDocument(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            byte[] b = svg.getBytes(StandardCharsets.UTF_8);
            this.bytes = b.length;
            this.doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(b));
        } catch (Exception e) {
            throw new AssertionError("the SVG is not well-formed XML: " + e.getMessage(), e);
        }
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
    }

    /** Elements matched by an XPath expression. */
    public List<Element> all(String xpath) {
        try {
            NodeList n = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < n.getLength(); i++) out.add((Element) n.item(i));
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** XPath predicate: the element's class list holds {@code name}. */
    public static String cls(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }

    public List<Element> mappings() {
        return all("//g[" + cls("mapping") + "]");
    }

    public List<Element> rectsOf(Element g) {
        List<Element> out = new ArrayList<>();
        NodeList n = g.getElementsByTagName("rect");
        for (int i = 0; i < n.getLength(); i++) out.add((Element) n.item(i));
        return out;
    }

    public List<Element> unmappedRects() {
        return all("//g[" + cls("unmapped") + "]/rect");
    }

    public List<Element> legendEntries() {
        return all("//g[" + cls("legend-entry") + "]");
    }

    /** The tooltip of a group. */
    public static String title(Element g) {
        NodeList t = g.getElementsByTagName("title");
        return t.getLength() == 0 ? null : t.item(0).getTextContent();
    }

    /** All text the picture shows (labels, notes, legend), one string per line (text element, or tspan of a label). */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Element e : all("//text[not(tspan)] | //tspan")) out.add(e.getTextContent());
        return out;
    }

    public static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }
}
