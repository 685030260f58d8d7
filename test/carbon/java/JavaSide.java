// The JDK's side of the Secure Vault differential tests: Cipher and Properties as Carbon and its cipher tool use them.
// Usage: java JavaSide.java KEYSTORE STOREPASS ALIAS; stdin lines "E|D|P<TAB>transformation<TAB>base64"; one line out each.
import java.io.*;
import java.security.*;
import java.util.*;
import javax.crypto.Cipher;

public class JavaSide {
  public static void main(String[] args) throws Exception {
    KeyStore ks = KeyStore.getInstance("JKS");
    try (InputStream in = new FileInputStream(args[0])) { ks.load(in, args[1].toCharArray()); }
    PrivateKey key = (PrivateKey) ks.getKey(args[2], args[1].toCharArray());
    java.security.cert.Certificate cert = ks.getCertificate(args[2]);
    Base64.Decoder dec = Base64.getMimeDecoder();
    Base64.Encoder enc = Base64.getEncoder();
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    for (String line; (line = r.readLine()) != null; ) {
      String[] f = line.split("\t", -1);
      try {
        if (f[0].equals("E")) {
          // As the cipher tool: the certificate's public key, the bytes of the text in the platform charset.
          Cipher c = Cipher.getInstance(f[1]);
          c.init(Cipher.ENCRYPT_MODE, cert);
          System.out.println(enc.encodeToString(c.doFinal(dec.decode(f[2]))));
        } else if (f[0].equals("D")) {
          Cipher c = Cipher.getInstance(f[1]);
          c.init(Cipher.DECRYPT_MODE, key);
          System.out.println(enc.encodeToString(c.doFinal(dec.decode(f[2]))));
        } else {
          Properties p = new Properties();
          p.load(new ByteArrayInputStream(dec.decode(f[2])));
          StringBuilder sb = new StringBuilder();
          for (String k : new TreeSet<>(p.stringPropertyNames())) {
            sb.append(enc.encodeToString(k.getBytes("UTF-8"))).append(':').append(enc.encodeToString(p.getProperty(k).getBytes("UTF-8"))).append(' ');
          }
          System.out.println(sb.toString().trim());
        }
      } catch (Exception e) {
        System.out.println("ERR " + e);
      }
    }
  }
}
